/** The folder of the built web chat UI, which the agent serves at `/`; ends with `/`. */
export declare const webchatDist: string;

/**
 * The files of the UI in that folder, `index.html` being the page. The folder also holds the
 * compiled sources and unit tests (`tsc -b` writes there), which need not be served.
 */
export declare const webchatFiles: readonly ['index.html', 'app.js', 'app.css'];
