/** The folder of the built web chat UI, which the agent serves at `/`; ends with `/`. */
export const webchatDist = new URL('./dist/', import.meta.url).pathname;

/**
 * The files of the UI in that folder, `index.html` being the page. The folder also holds the
 * compiled sources and unit tests (`tsc -b` writes there), which need not be served.
 */
export const webchatFiles = ['index.html', 'app.js', 'app.css'];
