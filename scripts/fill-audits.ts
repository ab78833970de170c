// Fills a tenant's data directory with N audit events straight through the store (the bench's 1,000,000-event
// tenant; going through the API would take hours). Usage: node --import tsx scripts/fill-audits.ts DIR N
import { openDatabase } from '../tenant/store/db';
import { auditsStore } from '../tenant/store/audits';
import { auditRowOf, type AuditEventName } from '../tenant/events/audit-events';

const [dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!dir || !Number.isInteger(count) || count < 0) throw new Error('usage: fill-audits.ts DIR N');

const TYPES: AuditEventName[] = ['space.created', 'space.updated', 'datafile.created', 'data-connection.updated'];
const USERS = Array.from({ length: 50 }, (_, i) => `bench-user-${i}`);
const db = openDatabase(dir);
const audits = auditsStore(db);
// One event a second, ending now: the newest page is the one the bench reads.
const start = Date.now() - count * 1000;
const insertBatch = db.transaction((from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const time = new Date(start + i * 1000);
    const id = Math.floor(time.getTime() / 1000).toString(16).padStart(8, '0') + i.toString(16).padStart(16, '0');
    audits.insert(
      auditRowOf(
        {
          type: TYPES[i % TYPES.length]!,
          userId: USERS[i % USERS.length]!,
          resource: { type: 'space', id: `bench-space-${i % 1000}`, spaceId: `bench-space-${i % 1000}` },
          data: { id: `bench-space-${i % 1000}`, name: `Bench ${i}` },
        },
        { id, eventId: `bench-${i}`, time: time.toISOString() },
      ),
    );
  }
});
for (let from = 0; from < count; from += 50_000) insertBatch(from, Math.min(count, from + 50_000));
db.close();
