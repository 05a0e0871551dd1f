// Verifies credentials the way wallets do: Digital Bazaar's reference stack with its default
// settings (controller check of the proof purpose, Bitstring Status List check), and a local
// document loader that never goes to the network.
//
// Input on stdin: {"credentials": [...], "documents": {"<address>": <document>, ...}}: the site's
// documents the credentials point to (issuer profile, status lists), read by the test beforehand.
// Output on stdout, in order: [{"verified": bool, "errors": ["..."], "statusChecked": bool|null,
// "revoked": bool|null}, ...]: `verified` covers the proof, the key's controller and that the status
// list itself verifies; whether the list marks the credential revoked is the caller's to judge.
import {readFileSync} from 'node:fs';
import {verifyCredential} from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialContexts} from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';

const OPEN_BADGES = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const here = new URL('.', import.meta.url);
// The published contexts, as the packages carry them (the security context frames the controller).
const contexts = new Map([
  ...credentialContexts,
  ...dataIntegrityContext.contexts,
  ...securityContext.contexts,
  [multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT],
  [OPEN_BADGES, JSON.parse(readFileSync(new URL('../../../lms/certificates/standards/context-3.0.3.json', here)))],
]);

const input = JSON.parse(readFileSync(0, 'utf8'));
const documents = new Map(Object.entries(input.documents));

function findNode(value, id) {
  if(Array.isArray(value)) {
    for(const item of value) {
      const found = findNode(item, id);
      if(found) return found;
    }
  } else if(value && typeof value === 'object') {
    if(value.id === id) return value;
    for(const item of Object.values(value)) {
      const found = findNode(item, id);
      if(found) return found;
    }
  }
  return null;
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  const [address] = url.split('#');
  if(documents.has(address)) {
    const whole = documents.get(address);
    // A fragment is a node of the document (the key in the issuer's profile), with its own context.
    const document = url.includes('#') ? findNode(whole, url) : whole;
    if(document) return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`document loader: not available offline: ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const results = [];
for(const credential of input.credentials) {
  const result = await verifyCredential({credential, suite, documentLoader, checkStatus});
  const errors = [];
  const collect = error => {
    if(!error) return;
    if(Array.isArray(error)) return error.forEach(collect);
    errors.push(String(error.message || error));
    collect(error.errors);
  };
  collect(result.error);
  for(const proof of result.results || []) collect(proof.error);
  if(result.statusResult) collect(result.statusResult.error);
  const status = result.statusResult;
  results.push({
    verified: result.verified, errors,
    statusChecked: status ? status.verified : null,
    revoked: status && status.results ? status.results.some(entry => entry.status === true) : null,
  });
}
process.stdout.write(JSON.stringify(results));
