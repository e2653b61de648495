// Submits a referendum on the emission_admin track (Alice proposes the schedule in force again,
// inline), so the governance page has one to show. Waits until it is in a block.
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';

export async function submitReferendum(url) {
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  try {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const schedule = await api.query.emissions.activeSchedule();
    const call = api.tx.emissions.setSchedule(schedule.unwrap());
    const tx = api.tx.referenda.submit({ Origins: 'EmissionAdmin' }, { Inline: call.method.toHex() }, { After: 10 });
    await new Promise((resolve, reject) => {
      tx.signAndSend(alice, ({ status, dispatchError }) => {
        if (dispatchError) reject(new Error(`referendum submission failed: ${dispatchError.toString()}`));
        else if (status.isInBlock) resolve();
      }).catch(reject);
    });
  } finally {
    await api.disconnect();
  }
}
