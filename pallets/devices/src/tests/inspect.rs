//! The `DeviceInspect` side other pallets use: reads, slashing and suspension.

use super::*;

#[test]
fn other_pallets_inspect_and_slash_through_the_trait() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert!(view(&key).is_some_and(|d| d.active));
		assert_eq!(view(&key).map(|d| d.owner), Some(ALICE));
		assert_eq!(view(&key).map(|d| (d.class, d.params)), Some((0, class_params(true))));
		assert_eq!(view(&key).and_then(|d| d.location), Some(CELL));
		let unknown = PublicKey::Sr25519([0; 32]);
		assert!(!view(&unknown).is_some_and(|d| d.active));
		assert_eq!(view(&unknown).map(|d| d.owner), None);

		let treasury_before = Balances::balance(&TREASURY);
		assert_eq!(view(&key).map(|d| d.bond), Some(BOND));
		assert_eq!(Devices::slash(&key, 30, &TREASURY), Ok(30));
		assert_eq!(
			last_event(),
			Event::BondSlashed { device: key, amount: 30, beneficiary: TREASURY }.into()
		);
		assert_eq!(Balances::balance(&TREASURY), treasury_before + 30);
		assert_eq!(held(ALICE), BOND - 30);
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().bond, BOND - 30);
		assert_eq!(view(&key).map(|d| d.bond), Some(BOND - 30));
		assert_ok!(<Devices as DeviceInspect<_, _>>::suspend(&key));
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().status, DeviceStatus::Suspended);
		// Suspending again through the trait is a no-op, not an error.
		assert_ok!(<Devices as DeviceInspect<_, _>>::suspend(&key));
		assert_eq!(
			Devices::slash(&unknown, 1, &TREASURY),
			Err(Error::<Test>::UnknownDevice.into())
		);
		assert_eq!(view(&unknown).map(|d| d.bond), None);
		// Never more than the bond.
		assert_eq!(Devices::slash(&key, BOND * 10, &TREASURY), Ok(BOND - 30));
		assert_eq!(held(ALICE), 0);
	});
}
