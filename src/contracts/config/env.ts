import { z } from 'zod';

// Pieces every environment schema uses: the core's (./index.ts), the gateway's and each adapter's
// (adapters/<name>/config.ts). One parse function, so every bad value is refused the same way.

/** Thrown at start-up when an environment variable is missing or malformed. */
export class ConfigError extends Error {
  /** Each refusal on its own, so that one start-up error can list those of every part. */
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = [message]) {
    super(message);
    this.issues = issues;
  }
}

/** A variable that may be unset; an empty or blank value counts as unset. */
export const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** An integer variable with a lower bound and a default. */
export const intVar = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

/** The lines of a refused configuration, each naming its variable. */
export function configIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
}

/** The error start-up fails with: every refused variable on its own line. */
export function configError(lines: readonly string[]): ConfigError {
  return new ConfigError(`invalid configuration\n  ${lines.join('\n  ')}`, lines);
}

/** Parses `env` with `schema` once; a bad value stops start-up naming the variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw configError(configIssues(parsed.error));
  return parsed.data;
}

/** The port the Node runtime listens on when PORT is unset. */
export const DEFAULT_PORT = 8787;

/**
 * What PUBLIC_URL is when unset: the address the bot listens on (HOST and PORT), so that export
 * and sign-in links work after changing PORT alone. An address that means "every interface"
 * (0.0.0.0, ::) is reached from this machine as 127.0.0.1; an IPv6 literal gets its brackets.
 */
export function listeningUrl(host: string | undefined, port: number | string | undefined): string {
  const h = !host?.trim() || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.trim();
  const p = port === undefined || String(port).trim() === '' ? DEFAULT_PORT : Number(port);
  return `http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${p}`;
}

/** PUBLIC_URL: a URL when set (blank is unset); see listeningUrl for the default. */
export const publicUrlVar = optionalString.pipe(z.url().optional());
