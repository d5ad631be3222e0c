/** Where a plugin's executable is, and what to add to its environment when it starts. */
export interface PluginLocation {
  path: string;
  /** `PLUGIN_DEPENDENCY_DIR` for downloaded plugins: the folder holding their dependencies. */
  env?: Record<string, string>;
}
