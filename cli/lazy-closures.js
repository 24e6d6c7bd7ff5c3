// Start-up optimization for the kubeship command (`pulumi up` does not use it).
//
// Loading @pulumi/pulumi costs ~0.6 s here, and ~0.45 s of that is its closure
// serializer (`runtime/closure/serializeClosure`, which loads the TypeScript
// compiler) and its code-path finder (`runtime/closure/codePaths`, which loads
// npm's arborist). Both exist to ship JavaScript functions to the cloud
// (dynamic providers, function serialization); a kubeship program never calls
// them, yet @pulumi/pulumi loads them eagerly.
//
// We put stand-ins in the module cache whose exports are the same functions,
// each loading the real module on its first call and forwarding to it. A
// program that does use them behaves exactly as before, only later.
"use strict";
const Module = require("node:module");

const LAZY = {
    "@pulumi/pulumi/runtime/closure/serializeClosure.js": ["serializeFunction", "serializeFunctionAsync"],
    "@pulumi/pulumi/runtime/closure/codePaths.js": ["computeCodePaths", "findWorkspaceRoot"],
};

function installLazyClosures() {
    for (const [id, names] of Object.entries(LAZY)) {
        let file;
        try {
            file = require.resolve(id);
        } catch {
            continue; // another @pulumi/pulumi layout: leave it alone
        }
        if (require.cache[file]) continue;
        let real;
        const load = () => {
            if (!real) {
                delete require.cache[file];
                real = require(file);
                require.cache[file] = stub;
                stub.exports = real;
            }
            return real;
        };
        const stub = new Module(file, module);
        stub.filename = file;
        stub.loaded = true;
        stub.exports = { __esModule: true };
        for (const name of names) stub.exports[name] = (...args) => load()[name](...args);
        require.cache[file] = stub;
    }
}

module.exports = { installLazyClosures, LAZY };
