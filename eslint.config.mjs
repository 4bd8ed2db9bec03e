import js from '@eslint/js'
import jest from 'eslint-plugin-jest'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'build/**',
      'coverage/**',
      'node_modules/**',
      'bench/node_modules/**',
      'bench/out/**'
    ]
  },
  js.configs.recommended,
  // Typed rules: the checker's types (no-floating-promises, no-misused-promises, …) for the TypeScript.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } }
  },
  // The JavaScript (build and bench scripts) keeps the untyped rules.
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.{js,mjs,cjs}'] })),
  { files: ['__tests__/**/*.test.ts'], ...jest.configs['flat/recommended'] },
  {
    files: ['__tests__/**/*.test.ts'],
    rules: {
      // Tests assert through helpers named for what they check (expectError, expectOneLineError, …).
      'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', 'expect*', 'same*'] }]
    }
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off'
    }
  }
)
