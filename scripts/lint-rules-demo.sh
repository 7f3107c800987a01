#!/usr/bin/env bash
# Shows that every rule of .dependency-cruiser.cjs fires (docs/tooling.md): writes throw-away files
# that break one rule each (all named zz-*), runs `npm run lint`, prints the report lines about them
# and deletes them again, also when interrupted. Run it on a clean tree: bash scripts/lint-rules-demo.sh
set -u
cd "$(dirname "$0")/.."
made=$(mktemp)
report=$(mktemp)
cleanup() { xargs rm -f < "$made"; rmdir test/zz-fa test/zz-fb 2>/dev/null; rm -f "$made" "$report"; }
trap cleanup EXIT
probe() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" > "$1"; echo "$1" >> "$made"; }
probe src/contracts/zz-probe.ts "import '../db/schema.js';"
probe src/db/zz-probe.ts "import '../outbox/enqueue.js';"
probe src/outbox/zz-probe.ts "import '../services/org/org.js';"
probe src/services/org/zz-probe.ts "import '../../command/define.js';
import '../../../commands/index.js';"
probe src/services/org/zz-probe2.ts "import '../../http/app.js';"
probe src/services/org/zz-probe3.ts "import 'wechaty';
import 'wechaty-puppet-mock';
import '@larksuiteoapi/node-sdk';"
probe src/scheduler/zz-probe.ts "import '../http/app.js';"
probe src/command/zz-probe.ts "import '../outbox/relay.js';"
probe src/http/zz-probe.ts "import '../scheduler/scheduler.js';"
probe commands/org/zz-probe.ts "import '../../src/outbox/relay.js';"
probe commands/org/zz-probe2.ts "import 'drizzle-orm';
import '../../src/db/schema.js';"
probe adapters/playground/zz-probe.ts "import '../../src/db/schema.js';"
probe adapters/playground/zz-probe2.ts "import '../../src/services/org/org.js';"
probe adapters/playground/zz-probe3.ts "import '../lark/events.js';"
probe src/runtime/zz-probe.ts "import '../../test/helpers/core.js';"
probe src/scheduler/zz-cycle-a.ts "import { b } from './zz-cycle-b.js';
export const a = () => b;"
probe src/scheduler/zz-cycle-b.ts "import { a } from './zz-cycle-a.js';
export const b = () => a;"
probe src/scheduler/zz-tcycle-a.ts "import type { B } from './zz-tcycle-b.js';
export type A = { b?: B };"
probe src/scheduler/zz-tcycle-b.ts "import type { A } from './zz-tcycle-a.js';
export type B = { a?: A };"
probe test/zz-fa/one.ts "import '../zz-fb/one.js';"
probe test/zz-fb/one.ts "export {};"
probe test/zz-fb/two.ts "import '../zz-fa/two.js';"
probe test/zz-fa/two.ts "export {};"
npm run lint --silent > "$report" 2>&1; code=$?
# One block per violation; keep those that name a probe.
awk '/^  (error|warn)/ { if (b ~ /zz-/) printf "%s", b; b = "" }
     /^  (error|warn)|^      / { b = b $0 "\n" }
     END { if (b ~ /zz-/) printf "%s", b }' "$report"
grep -E "^x [0-9]+ dependency violations" "$report"
echo "(lint exit code with the probes: $code)"
cleanup
trap - EXIT
git status --short | grep zz- || echo "probes deleted: git status shows none"
