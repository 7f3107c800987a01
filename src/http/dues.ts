import type { Context, Hono } from 'hono';
import { eq } from 'drizzle-orm';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import { auditLog, duesImports, members } from '../db/schema.js';
import { isConstraintViolation } from '../contracts/store.js';
import { Work } from '../contracts/work.js';
import { toXlsx } from '../services/meetings/export-files.js';
import { createKeyring } from '../services/crypto.js';
import { duesUnitOf } from '../services/dues/access.js';
import { periodBook, periodData, periodTitle } from '../services/dues/books.js';
import { periodDocx } from '../services/dues/documents.js';
import { importBases } from '../services/dues/import.js';
import { verifyDuesLink } from '../services/dues/links.js';
import { monthOf } from '../services/dues/months.js';
import { holderMayDownload } from '../services/meetings/export-holder.js';
import { UnitTree } from '../services/org/units.js';
import { linkPage, LINK_WORDS, resultPage, uploadPage } from './dues-page.js';

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** The token is in the URL: never cached, never sent on as a referrer, never framed. */
function guard(c: Context, csp: string): void {
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Content-Security-Policy', csp);
  c.header('X-Frame-Options', 'DENY');
}
const FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";
const PAGE_CSP = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A browser posting the form reads a page; anything else (curl, tests) reads JSON. */
const wantsPage = (c: Context) => (c.req.header('content-type') ?? '').startsWith('multipart/form-data');

/**
 * The routes of 党费: GET /dues/exports/<token>.xlsx|.docx (the files behind 党费导出's links; 403
 * when forged, 410 when expired, every download audited) and GET/POST /dues/import/<token> (the
 * one-time upload of bases behind 党费导入: a form, and the XLSX posted as multipart or as the body).
 */
export function duesRoutes(app: Hono, deps: CoreDeps): void {
  app.get('/dues/exports/:file', async (c) => {
    guard(c, FILE_CSP);
    const m = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.(xlsx|docx)$/.exec(c.req.param('file'));
    if (!m) return c.json({ error: 'invalid link' }, 403);
    const now = deps.clock.now();
    const link = await verifyDuesLink(deps.config, 'export', m[1]!, now);
    if (!link.ok)
      return link.reason === 'expired'
        ? c.json({ error: 'link expired' }, 410)
        : c.json({ error: 'invalid link' }, 403);
    const db = deps.store.db;
    const tree = await UnitTree.load(db);
    const unit = tree.get(link.claims.unitId);
    const ring = await createKeyring(deps.config.PIONEER_DATA_KEY);
    if (!unit || !ring) return c.json({ error: 'not found' }, 404);
    const ext = m[2] as keyof typeof TYPES;
    const audit = (action: string) =>
      deps.store.batch([
        db.insert(auditLog).values({
          at: now.getTime(),
          actorMemberId: link.claims.by.includes(':') ? null : link.claims.by,
          actor: `link:${link.claims.by}`,
          action,
          unitId: unit.id,
          target: `unit:${unit.id}`,
          detail: JSON.stringify({ period: link.claims.period, format: ext }),
        }),
      ]);
    // Like 导出's links: the ledger opens only while its holder still manages the unit.
    if (!(await holderMayDownload(db, tree, deps.admins, link.claims.by, unit.id))) {
      await audit('dues.export.download_refused');
      return c.json({ error: 'the link was issued to someone who no longer manages this unit' }, 403);
    }
    const data = await periodData(db, ring, tree, unit, link.claims.period, now);
    const body = ext === 'xlsx' ? await toXlsx(periodBook(data)) : await periodDocx(data);
    await audit('dues.export.download');
    const title =
      periodTitle(unit, link.claims.period) + (ext === 'docx' && link.claims.period.kind === 'quarter' ? '公示' : '');
    c.header('Content-Type', TYPES[ext]);
    c.header(
      'Content-Disposition',
      `attachment; filename="dues.${ext}"; filename*=UTF-8''${encodeURIComponent(title)}.${ext}`,
    );
    return c.body(body as Uint8Array<ArrayBuffer>);
  });

  /** The link's unit and officer, still in office; or the page or JSON that says why not. */
  const check = async (c: Context, token: string) => {
    const now = deps.clock.now();
    const link = await verifyDuesLink(deps.config, 'import', token, now);
    const refuse = (status: 403 | 404 | 409 | 410, text: string) =>
      ({ ok: false, res: c.html(linkPage(text), status) }) as const;
    if (!link.ok) return link.reason === 'expired' ? refuse(410, LINK_WORDS.expired) : refuse(403, LINK_WORDS.invalid);
    const db = deps.store.db;
    const used = await db
      .select({ id: duesImports.linkId })
      .from(duesImports)
      .where(eq(duesImports.linkId, link.claims.linkId));
    if (used.length) return refuse(409, LINK_WORDS.used);
    const tree = await UnitTree.load(db);
    const [officer] = await db.select().from(members).where(eq(members.id, link.claims.by)).limit(1);
    const unit = tree.get(link.claims.unitId);
    const inOffice = officer && (officer.role === 'secretary' || officer.role === 'committee');
    if (!unit || !inOffice || duesUnitOf(tree, officer.unitId)?.id !== unit.id)
      return refuse(403, LINK_WORDS.forbidden);
    return { ok: true, now, tree, unit, officer, claims: link.claims } as const;
  };

  app.get('/dues/import/:token', async (c) => {
    guard(c, PAGE_CSP);
    const ok = await check(c, c.req.param('token'));
    return ok.ok ? c.html(uploadPage(ok.unit.name)) : ok.res;
  });

  app.post('/dues/import/:token', async (c) => {
    guard(c, PAGE_CSP);
    const ok = await check(c, c.req.param('token'));
    if (!ok.ok) return wantsPage(c) ? ok.res : c.json({ error: 'link refused' }, ok.res.status as 403);
    const ring = await createKeyring(deps.config.PIONEER_DATA_KEY);
    if (!ring) return c.json({ error: LINK_WORDS.noKey }, 503);
    let bytes: Uint8Array;
    if (wantsPage(c)) {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const file = form.file;
      if (!(file instanceof File)) return c.html(linkPage(LINK_WORDS.noFile), 400);
      bytes = new Uint8Array(await file.arrayBuffer());
    } else bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0)
      return wantsPage(c) ? c.html(linkPage(LINK_WORDS.noFile), 400) : c.json({ error: 'no file' }, 400);
    const db = deps.store.db;
    const work = new Work(db, ok.now);
    const origin = { actor: { platform: 'link', userId: ok.officer.id, memberId: ok.officer.id } };
    const result = await importBases(work, ring, ok.tree, origin, ok.unit, bytes, monthOf(ok.now, ok.unit.timeZone));
    if (result.ok) {
      work.write(
        db
          .insert(duesImports)
          .values({ linkId: ok.claims.linkId, unitId: ok.unit.id, rows: result.applied.length, at: ok.now.getTime() }),
      );
      try {
        await deps.store.batch(work.writes);
      } catch (err) {
        if (!isConstraintViolation(err)) throw err;
        return wantsPage(c) ? c.html(linkPage(LINK_WORDS.used), 409) : c.json({ error: 'link already used' }, 409);
      }
    }
    if (wantsPage(c)) return c.html(resultPage(ok.unit.name, result), result.ok ? 200 : 422);
    return result.ok
      ? c.json({ imported: result.applied.length, rows: result.applied })
      : c.json({ error: 'import refused', problems: result.problems }, 422);
  });
}
