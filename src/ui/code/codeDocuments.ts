// Which documents hold code: the hover, names beside ids, completion and references answer in every
// document read from a file system, whoever provides it (`file`, `vscode-remote` when we run in the
// UI of a remote window, `vscode-vfs` in a virtual workspace, `vscode-userdata`, `git`, an SFTP or
// Live Share extension's own scheme), in untitled buffers and in notebook cells. Not in VS Code's
// own panes, which are text documents too but no file: output channels (our own log among them),
// the debug console and debug sources, the SCM input, comment boxes, chat code blocks.
//
// A DocumentFilter cannot say "every scheme but these", and no list can name the schemes other
// extensions register, so the providers are registered for `{ scheme: '*' }` too (VS Code matches
// `'*'` against any scheme, output and debug included) and each call asks `isCodeDocument` first.
import * as vscode from 'vscode';

/**
 * The schemes we know, by name: VS Code ranks a provider by its best match, and an exact scheme
 * counts 10 where `'*'` counts 5. Completion asks the best-ranked providers first and stops at the
 * first that answer, and document highlights take one provider's answer: by name, ours rank as any
 * language's own do.
 */
const KNOWN_CODE_SCHEMES = ['file', 'untitled', 'vscode-notebook-cell', 'vscode-userdata', 'git', 'vscode-remote', 'vscode-vfs'];

/** Every document's scheme: narrowed by `isCodeDocument` when a provider is called. */
export const CODE_SELECTOR: vscode.DocumentFilter[] = [...KNOWN_CODE_SCHEMES.map((scheme) => ({ scheme })), { scheme: '*' }];

/** Documents that are code though no file system holds them (yet). */
const CODE_WITHOUT_FILE_SYSTEM = new Set(['untitled', 'vscode-notebook-cell']);

export function isCodeDocument(document: vscode.TextDocument): boolean {
  const { scheme } = document.uri;
  // undefined: no file system provider is registered for the scheme (VS Code's own panes).
  return CODE_WITHOUT_FILE_SYSTEM.has(scheme) || vscode.workspace.fs.isWritableFileSystem(scheme) !== undefined;
}

/**
 * The repository's files, which get problems: local files, notebook cells, and files on the file
 * system the workspace's folders live on (`vscode-remote` when we run in the UI of a remote window,
 * `vscode-vfs` in a virtual workspace). A scratch buffer, the user's settings or a file's old version
 * in a diff (`git`) are nobody's problem, and checking them would spend the rate budget on ids
 * pasted in passing.
 */
export function isRepositoryDocument(document: vscode.TextDocument): boolean {
  const { scheme } = document.uri;
  return scheme === 'file' || scheme === 'vscode-notebook-cell' || (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme === scheme);
}

/** `provide`, answering nothing for a document that is not code (see above). */
export function inCodeDocuments<A extends unknown[], R>(provide: (document: vscode.TextDocument, ...rest: A) => R): (document: vscode.TextDocument, ...rest: A) => R | undefined {
  return (document, ...rest) => (isCodeDocument(document) ? provide(document, ...rest) : undefined);
}
