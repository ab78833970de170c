import ts from 'typescript';
import { join } from 'node:path';

/**
 * Type-checks a source file as if it were placed in the repository at `relativePath` (so that `@qlik/api`
 * resolves) without writing it; returns the compiler's messages. `types` names the ambient types it may use.
 */
export function typeErrors(
  source: string,
  relativePath = 'tenant/test/__captured-responses__.ts',
  types: string[] = [],
): string[] {
  const fileName = join(process.cwd(), relativePath);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? `line ${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}
