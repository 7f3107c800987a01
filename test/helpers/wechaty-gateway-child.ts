/**
 * The WeChat gateway in its own process (so tests can SIGKILL it), with a wechaty-puppet-mock
 * account standing in for WeChat. The test drives the mock over IPC:
 *   parent → child  { op: 'say', ref, from, text, room?, mentions? } | { op: 'image', ref, from, room }
 *   child → parent  { ev: 'ready' } | { ev: 'said', ref, id } | { ev: 'sent', sent } | { ev: 'handled', e }
 * Environment: CORE_URL, CORE_TOKEN and the relay/WECHAT_* settings (as for npm run wechat-gateway),
 * GATEWAY_WORLD (JSON WorldSpec), GATEWAY_HANG_ON (a text: the first send starting with it is made,
 * then never returns — a crash after the send and before its acknowledgement). The gateway is the
 * real assembly (src/runtime/assemble.ts); only the adapter is built here, around the mock puppet.
 */
import { wechatyConfig } from '../../adapters/wechaty/index.js';
import { createWechatyAdapter } from '../../adapters/wechaty/adapter.js';
import { createLogger } from '../../src/contracts/log.js';
import { assembleGateway } from '../../src/runtime/assemble.js';
import { MockWorld, type WorldSpec } from './wechaty-mock.js';

const env = process.env;
const send = (m: unknown) => process.send?.(m);
const world = new MockWorld(JSON.parse(env.GATEWAY_WORLD!) as WorldSpec);

const hangOn = env.GATEWAY_HANG_ON;
if (hangOn) {
  const puppet = world.puppet as unknown as { messageSendText: (...a: unknown[]) => Promise<unknown> };
  const original = puppet.messageSendText.bind(puppet);
  let hung = false;
  puppet.messageSendText = async (...a: unknown[]) => {
    const r = await original(...a);
    if (!hung && String(a[1]).startsWith(hangOn)) {
      hung = true;
      await new Promise(() => undefined);
    }
    return r;
  };
}

world.onSent = (s) => void send({ ev: 'sent', sent: s });

const log = createLogger({ silent: env.GATEWAY_LOGS !== '1' });
const adapter = await createWechatyAdapter({
  puppet: world.puppet,
  config: wechatyConfig(env),
  log,
  printQr: () => undefined,
  onHandled: (e) => void send({ ev: 'handled', e }),
});
const gateway = await assembleGateway({ env, log, adapters: [adapter] });
await gateway.start();
adapter.bot.once('login', () => void send({ ev: 'ready', owner: gateway.relay.owner }));
world.login();

process.on(
  'message',
  (m: { op: string; ref: number; from: string; text: string; room?: string; mentions?: string[] }) => {
    const id =
      m.op === 'image'
        ? world.sendImage(m.from, m.room!)
        : world.say(m.from, m.text, { room: m.room, mentions: m.mentions });
    send({ ev: 'said', ref: m.ref, id });
  },
);
process.on('disconnect', () => process.exit(0));
