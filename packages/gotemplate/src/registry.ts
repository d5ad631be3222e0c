/**
 * Every function a template can call: Go's builtins, then sprig v3's
 * (sprig.TxtFuncMap, which Botkube adds; its `slice` replaces the builtin).
 */

import { BUILTINS } from './builtins.js';
import type { FuncMap } from './functions.js';
import { DATA_FUNCTIONS } from './sprig-data.js';
import { LIST_FUNCTIONS } from './sprig-lists.js';
import { NUMBER_FUNCTIONS } from './sprig-numbers.js';
import { REGEX_FUNCTIONS } from './sprig-regex.js';
import { STRING_FUNCTIONS } from './sprig-strings.js';

export const FUNCTIONS: FuncMap = Object.assign(
  Object.create(null) as FuncMap,
  BUILTINS,
  STRING_FUNCTIONS,
  NUMBER_FUNCTIONS,
  LIST_FUNCTIONS,
  DATA_FUNCTIONS,
  REGEX_FUNCTIONS,
);

/**
 * sprig functions chatkube leaves out: dates and random values (nothing to
 * compare them with), the environment and DNS (the agent's secrets and
 * network are not a template's business), crypto and certificates, semver,
 * URL parsing and mergo's merges. A template using one fails to parse,
 * naming it.
 */
export const UNSUPPORTED_SPRIG = new Set(
  (
    'ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate htmlDateInZone ' +
    'must_date_modify mustDateModify mustToDate now toDate unixEpoch randAlphaNum randAlpha randAscii randNumeric ' +
    'randInt randBytes shuffle uuidv4 env expandenv getHostByName bcrypt htpasswd genPrivateKey derivePassword ' +
    'buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey ' +
    'encryptAES decryptAES semver semverCompare urlParse urlJoin merge mergeOverwrite mustMerge mustMergeOverwrite'
  ).split(' '),
);

export function lookupFunction(name: string): 'defined' | 'unsupported' | 'unknown' {
  if (Object.hasOwn(FUNCTIONS, name)) return 'defined';
  return UNSUPPORTED_SPRIG.has(name) ? 'unsupported' : 'unknown';
}
