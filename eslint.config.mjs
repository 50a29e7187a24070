import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', '.vscode-test/', 'test-results/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['*.js', 'test/**/*.js', 'scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  {
    // The webview's scripts. Which globals they may use (the DOM's, uPlot, acquireVsCodeApi) is the
    // type check's to say (media/jsconfig.json, `npm run check:webview`), as for TypeScript files.
    files: ['media/**/*.js'],
    languageOptions: { sourceType: 'script' },
    rules: { 'no-undef': 'off' },
  },
  {
    // The "user-facing literal" rule (issue 14, L10N-CONVENTIONS.md): text that reads like prose (a
    // word, a space, a word) is for people, so it goes through l10n.t / vscode.l10n.t, whose bundle
    // translators work from. Exempt: the l10n.t calls themselves, log lines (logs stay English, like
    // VS Code's own: BrazeLog's info/warn/error/unexpected, reached as `log.…`, `this.log.…`,
    // `deps.log.…`, the transport's `onNotice` callback, which only the log receives, and the console),
    // `new Error(...)` (a bug of ours), the BrazeErrors whose message errorText never shows, imports and
    // string literal types.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: [
            ':matches(Literal[value=/[A-Za-z][a-z]+[ \u00a0][A-Za-z(]/], TemplateElement[value.raw=/[A-Za-z][a-z]+[ \u00a0][A-Za-z(]/])',
            ":not(CallExpression[callee.property.name='t'] *)",
            ":not(CallExpression[callee.object.name='log'][callee.property.name=/^(info|warn|error|unexpected)$/] *)",
            ":not(CallExpression[callee.object.property.name='log'][callee.property.name=/^(info|warn|error|unexpected)$/] *)",
            ":not(CallExpression[callee.property.name='onNotice'] *)",
            ":not(CallExpression[callee.object.name='console'] *)",
            ":not(NewExpression[callee.name='Error'] *)",
            // The kinds of BrazeError whose message src/segments/errorText.ts never shows (it words them
            // itself): their messages are for the log. Keep in step with describeError.
            ":not(NewExpression[callee.name='BrazeError'][arguments.0.value=/^(aborted|bad-request|internal|invalid-response|missing-permission|not-found|rate-limited|server)$/] *)",
            ':not(ImportDeclaration *)',
            ':not(TSLiteralType *)',
          ].join(''),
          message:
            'User-facing text goes through l10n.t (see L10N-CONVENTIONS / README Develop); a string never shown to users takes `// eslint-disable-next-line no-restricted-syntax -- why`',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
