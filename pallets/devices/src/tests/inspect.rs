//! The `DeviceInspect` side other pallets use: reads, slashing and suspension.

use super::*;

#[test]
fn other_pallets_inspect_and_slash_through_the_trait() {
	new_test_ext(|| {
		setup();
		let key = register(ALICE, &sr_device("a"));
		assert!(Devices::is_active(&key));
		assert_eq!(Devices::owner(&key), Some(ALICE));
		assert_eq!(Devices::class_of(&key), Some((0, class_params(true))));
		assert_eq!(Devices::location(&key), Some(CELL));
		let unknown = PublicKey::Sr25519([0; 32]);
		assert!(!Devices::is_active(&unknown));
		assert_eq!(Devices::owner(&unknown), None);

		let treasury_before = Balances::balance(&TREASURY);
		assert_eq!(<Devices as DeviceInspect<_, _>>::bond(&key), Some(BOND));
		assert_eq!(Devices::slash(&key, 30, &TREASURY), Ok(30));
		assert_eq!(
			last_event(),
			Event::BondSlashed { device: key, amount: 30, beneficiary: TREASURY }.into()
		);
		assert_eq!(Balances::balance(&TREASURY), treasury_before + 30);
		assert_eq!(held(ALICE), BOND - 30);
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().bond, BOND - 30);
		assert_eq!(<Devices as DeviceInspect<_, _>>::bond(&key), Some(BOND - 30));
		assert_ok!(<Devices as DeviceInspect<_, _>>::suspend(&key));
		assert_eq!(DevicesMap::<Test>::get(key).unwrap().status, DeviceStatus::Suspended);
		// Suspending again through the trait is a no-op, not an error.
		assert_ok!(<Devices as DeviceInspect<_, _>>::suspend(&key));
		assert_eq!(
			Devices::slash(&unknown, 1, &TREASURY),
			Err(Error::<Test>::UnknownDevice.into())
		);
		assert_eq!(<Devices as DeviceInspect<_, _>>::bond(&unknown), None);
		// Never more than the bond.
		assert_eq!(Devices::slash(&key, BOND * 10, &TREASURY), Ok(BOND - 30));
		assert_eq!(held(ALICE), 0);
	});
}
