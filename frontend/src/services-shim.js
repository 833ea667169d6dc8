// What @jupyterlab/services/lib/kernel/default.js takes from the package index (`require("..")`):
// the two names it uses, from their own modules, without the rest of the package (build.mjs).
export { ServerConnection } from '@jupyterlab/services/lib/serverconnection';
export { CommsOverSubshells } from '@jupyterlab/services/lib/kernel/comm';
