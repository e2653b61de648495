//! The `depin_*` JSON-RPC methods: devices, classes, makers, the epoch clock, rewards, the
//! emission schedule, network statistics and consumers' credits, read through the runtime's
//! `DepinApi`.
//!
//! Answers are JSON meant for people and explorers: accounts as SS58 addresses (prefix 7373),
//! balances as decimal strings of plancks, keys and hashes as `0x` hex. Device keys are given
//! as `sr25519:0x<64 hex>`, `ed25519:0x<64 hex>`, or `0x<66 hex>` (the SCALE form: a type byte,
//! `00` sr25519 or `01` ed25519, then the key). Every method takes an optional block hash `at`
//! (default: the best block); a method that makes several runtime calls makes them all at the
//! same block. All methods are safe (read-only).

use std::sync::Arc;

use depin_runtime::{opaque::Block, AccountId, Balance, BlockNumber, SS58_PREFIX};
use depin_runtime_api::{
	ClassParams, DemandState, DepinApi, DeviceStatus, EpochTotals, PendingReward, PublicKey,
	Schedule, Shape, SupplyRecord, MAX_SUPPLY_PAGE,
};
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
};
use serde_json::{json, Value};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	H256,
};

/// Invalid parameters (bad key, bad address, page too large).
const INVALID_PARAMS: i32 = -32602;
/// The runtime call failed or the block is unknown.
const RUNTIME_ERROR: i32 = 9000;
/// The requested object does not exist.
const NOT_FOUND: i32 = 9001;

/// Most devices per `depin_devicesOf` page.
const MAX_PAGE: u32 = depin_runtime_api::MAX_PAGE;
/// Devices per `depin_devicesOf` page when no `limit` is given.
const DEFAULT_PAGE: u32 = 100;
/// Most epochs one `depin_pendingRewards` range may span.
const MAX_REWARD_EPOCHS: u32 = depin_runtime_api::MAX_REWARD_EPOCHS;
/// Most epochs of projection one `depin_schedule` returns.
const MAX_PROJECTION_EPOCHS: u32 = depin_runtime_api::MAX_PROJECTION_EPOCHS;
/// Epochs of projection `depin_schedule` returns when `epochs` is not given (a day of
/// production epochs).
const DEFAULT_PROJECTION_EPOCHS: u32 = 24;
/// The `DepinApi` version that added `credits`.
const CREDITS_API_VERSION: u32 = 2;
/// The `DepinApi` version that added `verifier` and `committee`.
const VERIFIER_API_VERSION: u32 = 3;
/// The `DepinApi` version that added `supply_history` and `demand`, and net emissions and the
/// demand index to `schedule`.
const DEMAND_API_VERSION: u32 = 4;
/// The `DepinApi` version that added device certificates to `device` and root keys to
/// `maker`.
const CERTIFICATE_API_VERSION: u32 = 5;
/// Epochs one `depin_supplyHistory` page looks at when no `limit` is given (a day of
/// production epochs).
const DEFAULT_SUPPLY_PAGE: u32 = 24;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

/// Parses a device key in its text form or SCALE hex form (`depin_primitives::keys`).
pub fn parse_device(text: &str) -> Result<PublicKey, ErrorObjectOwned> {
	text.parse().map_err(|e| error(INVALID_PARAMS, format!("bad device key {text:?}: {e}")))
}

/// A device key in its text form, `sr25519:0x…` or `ed25519:0x…`.
fn device_text(key: &PublicKey) -> String {
	key.to_string()
}

fn address(account: &AccountId) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

/// Parses an SS58 address with any network prefix (the chain's 7373, or the generic 42 that
/// some wallets show).
fn parse_address(text: &str) -> Result<AccountId, ErrorObjectOwned> {
	AccountId::from_ss58check_with_version(text).map(|(account, _)| account).map_err(|e| {
		error(INVALID_PARAMS, format!("bad address {text:?}: {e:?}; expected an SS58 address"))
	})
}

fn balance(value: Balance) -> Value {
	Value::String(value.to_string())
}

fn class_json(id: u32, c: &ClassParams<Balance>) -> Value {
	json!({
		"id": id,
		"kind": format!("{:?}", c.kind).to_lowercase(),
		"proof": format!("{:?}", c.proof).to_lowercase(),
		"bond": balance(c.bond),
		"unitsCap": c.units_cap,
		"unitPrice": balance(c.unit_price),
		"rewardWeight": c.reward_weight,
		"locationRequired": c.location_required,
		"witness": {
			"minWitnesses": c.witness.min_witnesses,
			"maxWitnesses": c.witness.max_witnesses,
			"nearResolution": c.witness.near_resolution,
			"farResolution": c.witness.far_resolution,
		},
	})
}

fn totals_json(t: &EpochTotals<Balance>) -> Value {
	json!({
		"usageUnits": t.units.usage,
		"witnessedUnits": t.units.witnessed,
		"attestedUnits": t.units.attested,
		"credits": balance(t.credits),
		"devices": t.devices,
	})
}

fn reward_json(r: &PendingReward<AccountId, Balance>) -> Value {
	json!({
		"epoch": r.epoch,
		"earner": address(&r.earner),
		"kind": format!("{:?}", r.kind).to_lowercase(),
		"units": r.units,
		"shares": r.shares.to_string(),
		"reward": balance(r.reward),
		"final": r.is_final,
		"voided": r.voided,
		"claimed": r.claimed,
	})
}

fn schedule_json(s: &Schedule<Balance>) -> Value {
	let shape = match s.shape {
		Shape::Halving { every } => json!({ "halving": { "every": every } }),
		Shape::Decay { per_epoch } => {
			json!({ "decay": { "perEpochPpb": per_epoch.deconstruct() } })
		}
	};
	json!({
		"initial": balance(s.initial),
		"shape": shape,
		"tail": balance(s.tail),
		"cap": balance(s.cap),
		"split": {
			"operatorsPpb": s.split.operators.deconstruct(),
			"validatorsPpb": s.split.validators.deconstruct(),
			"treasuryPpb": s.split.treasury.deconstruct(),
		},
		"kinds": {
			"usagePpb": s.kinds.usage.deconstruct(),
			"witnessedPpb": s.kinds.witnessed.deconstruct(),
			"attestedPpb": s.kinds.attested.deconstruct(),
		},
		"usageCapMultiplier": s.usage_cap_multiplier,
		"bondRewardCapPpb": s.bond_reward_cap.deconstruct(),
		"claimExpiry": s.claim_expiry,
		"net": {
			"smoothing": s.net.smoothing,
			"remintCap": balance(s.net.remint_cap),
			"ratioWindow": s.net.ratio_window,
		},
		"demandIndex": s.demand_index.map(|i| json!({
			"targetPpm": i.target_ppm,
			"floorPpb": i.floor.deconstruct(),
			"ceilingPpb": i.ceiling.deconstruct(),
		})),
	})
}

/// The demand state, with its trailing ratio and the subsidy scale it gives under `schedule`.
fn demand_json(d: &DemandState<Balance>, schedule: Option<&Schedule<Balance>>) -> Value {
	json!({
		"smoothedBurn": balance(d.smoothed_burn),
		"burned": balance(d.burned),
		"unrepaid": balance(d.unrepaid),
		"reminted": balance(d.reminted),
		"unreminted": balance(d.unreminted()),
		"trailingUnrepaid": balance(d.trailing_unrepaid),
		"trailingIssued": balance(d.trailing_issued),
		"ratioPpm": d.ratio_ppm(),
		"subsidyScalePpb": schedule.map(|s| depin_runtime_api::scale_of(s, d).deconstruct()),
	})
}

/// One epoch of the sustainability record.
fn supply_json(epoch: u32, r: &SupplyRecord<Balance>) -> Value {
	json!({
		"epoch": epoch,
		"minted": {
			"operators": balance(r.operators),
			"validators": balance(r.validators),
			"treasury": balance(r.treasury),
		},
		"burned": balance(r.burned),
		"unrepaid": balance(r.unrepaid),
		"reminted": balance(r.reminted),
		"withheld": balance(r.withheld),
		"smoothedBurn": balance(r.smoothed_burn),
		"ratioPpm": r.ratio_ppm,
		"subsidyScalePpb": r.subsidy_scale.deconstruct(),
	})
}

/// The `depin_*` methods.
#[rpc(server, namespace = "depin")]
pub trait DepinRpcApi {
	/// A registered device.
	#[method(name = "device")]
	fn device(&self, device: String, at: Option<H256>) -> RpcResult<Value>;
	/// A page of an owner's devices (`limit` at most [`MAX_PAGE`], default [`DEFAULT_PAGE`]).
	#[method(name = "devicesOf")]
	fn devices_of(
		&self,
		owner: String,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Value>;
	/// A device class.
	#[method(name = "class")]
	fn class(&self, class: u32, at: Option<H256>) -> RpcResult<Value>;
	/// A maker.
	#[method(name = "maker")]
	fn maker(&self, maker: u32, at: Option<H256>) -> RpcResult<Value>;
	/// The reward-epoch clock.
	#[method(name = "epoch")]
	fn epoch(&self, at: Option<H256>) -> RpcResult<Value>;
	/// A registered device's rewards for epochs `from..=to` (at most [`MAX_REWARD_EPOCHS`]).
	#[method(name = "pendingRewards")]
	fn pending_rewards(
		&self,
		device: String,
		from: u32,
		to: u32,
		at: Option<H256>,
	) -> RpcResult<Value>;
	/// Whether a registered device is challenged in an epoch, and its challenge.
	#[method(name = "challengeStatus")]
	fn challenge_status(&self, device: String, epoch: u32, at: Option<H256>) -> RpcResult<Value>;
	/// The emission schedule in force and the scheduled emission of the next `epochs` epochs
	/// (default [`DEFAULT_PROJECTION_EPOCHS`], at most [`MAX_PROJECTION_EPOCHS`]).
	#[method(name = "schedule")]
	fn schedule(&self, epochs: Option<u32>, at: Option<H256>) -> RpcResult<Value>;
	/// Network figures for an epoch (default: the current one), with the sustainability
	/// ratio burned / minted.
	#[method(name = "stats")]
	fn stats(&self, epoch: Option<u32>, at: Option<H256>) -> RpcResult<Value>;
	/// A consumer's credits (what the usage receipts it co-signs may still spend).
	#[method(name = "credits")]
	fn credits(&self, account: String, at: Option<H256>) -> RpcResult<Value>;

	/// An account as a verifier (admitted: bond, slashes, quota, units attested this epoch,
	/// slot) or an applicant; 9001 if it is neither.
	#[method(name = "verifier")]
	fn verifier(&self, account: String, at: Option<H256>) -> RpcResult<Value>;

	/// The verifiers drawn to attest a device in an epoch (`null` if every verifier may);
	/// 9001 for an unregistered device.
	#[method(name = "committee")]
	fn committee(&self, device: String, epoch: Option<u32>, at: Option<H256>) -> RpcResult<Value>;

	/// The sustainability record of the closed epochs `from..from + limit` still kept
	/// (`limit` at most 1,000, default 24; `from` defaults to the `limit` epochs before the
	/// current one): per epoch, minted by pool, burned, the unrepaid burn, re-minted, withheld by the demand
	/// index, the smoothed burn, the trailing ratio and the subsidy scale.
	#[method(name = "supplyHistory")]
	fn supply_history(
		&self,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Value>;
}

/// The `depin_*` methods, served from a client.
pub struct DepinRpc<C> {
	client: Arc<C>,
}

impl<C> DepinRpc<C> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> DepinRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DepinApi<Block, AccountId, Balance, BlockNumber>,
{
	/// The block to read: `at`, or the best block.
	fn block(&self, at: Option<H256>) -> H256 {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

	/// Runs one runtime call at block `at`.
	fn call<R>(
		&self,
		at: H256,
		f: impl FnOnce(&sp_api::ApiRef<'_, C::Api>, H256) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		let api = self.client.runtime_api();
		f(&api, at).map_err(|e| error(RUNTIME_ERROR, format!("runtime call failed at {at:?}: {e}")))
	}

	/// Fails with [`RUNTIME_ERROR`] unless the runtime at `at` serves `DepinApi` version
	/// `needed` or later (`what` names the method).
	fn require_version(&self, at: H256, needed: u32, what: &str) -> RpcResult<()> {
		let version = self.call(at, |api, at| {
			api.api_version::<dyn DepinApi<Block, AccountId, Balance, BlockNumber>>(at)
		})?;
		if version.unwrap_or(0) < needed {
			return Err(error(
				RUNTIME_ERROR,
				format!(
					"the runtime at {at:?} serves DepinApi version {}; {what} needs version \
					 {needed}",
					version.unwrap_or(0)
				),
			));
		}
		Ok(())
	}

	/// Fails with [`NOT_FOUND`] unless `key` (given as `text`) is a registered device at `at`.
	fn require_device(&self, at: H256, key: PublicKey, text: &str) -> RpcResult<()> {
		match self.call(at, |api, at| api.device(at, key))? {
			Some(_) => Ok(()),
			None => Err(error(NOT_FOUND, format!("unknown device {text}"))),
		}
	}
}

#[async_trait]
impl<C> DepinRpcApiServer for DepinRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DepinApi<Block, AccountId, Balance, BlockNumber>,
{
	fn device(&self, device: String, at: Option<H256>) -> RpcResult<Value> {
		let key = parse_device(&device)?;
		let at = self.block(at);
		self.require_version(at, CERTIFICATE_API_VERSION, "depin_device")?;
		let d = self
			.call(at, |api, at| api.device(at, key))?
			.ok_or_else(|| error(NOT_FOUND, format!("unknown device {device}")))?;
		let epoch = self.call(at, |api, at| api.epoch(at))?;
		// Reciprocity as the work pallet applies it: within the window of the current epoch.
		let window = epoch.reciprocity_window;
		let recent =
			|last: Option<u32>| last.is_some_and(|e| epoch.index.saturating_sub(e) <= window);
		let reciprocity = (window > 0).then(|| {
			json!({
				"window": window,
				"witnessCounts": recent(d.activity.last_beaconed),
				"beaconEarns": recent(d.activity.last_witnessed),
			})
		});
		let status = match d.status {
			DeviceStatus::Active => json!("active"),
			DeviceStatus::Suspended => json!("suspended"),
			DeviceStatus::Retiring { unbonds_at } => {
				json!({ "retiring": { "unbondsAt": unbonds_at } })
			}
		};
		Ok(json!({
			"device": device_text(&key),
			"keyType": key.scheme(),
			"owner": address(&d.owner),
			"class": d.class,
			"maker": d.maker,
			"bond": balance(d.bond),
			"status": status,
			"location": d.location.map(|cell| format!("{cell:x}")),
			"metadata": format!("0x{}", hex::encode(&d.metadata)),
			"offeredTo": d.offered_to.as_ref().map(address),
			"registeredAt": d.registered_at,
			"occupancyScalePpb": d.occupancy_scale_ppb,
			"interactivePeriod": d.interactive_period,
			"lastBeaconed": d.activity.last_beaconed,
			"lastWitnessed": d.activity.last_witnessed,
			"reciprocity": reciprocity,
			"certificate": d.certificate.map(|c| json!({
				"issuer": device_text(&PublicKey::P256(c.issuer)),
				"serial": format!("0x{}", hex::encode(&c.serial)),
				"notAfter": c.not_after,
				"revoked": c.revoked,
			})),
		}))
	}

	fn devices_of(
		&self,
		owner: String,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Value> {
		let account = parse_address(&owner)?;
		let limit = limit.unwrap_or(DEFAULT_PAGE);
		if limit > MAX_PAGE {
			return Err(error(INVALID_PARAMS, format!("page too large: {limit} > {MAX_PAGE}")));
		}
		let after = start_after.as_deref().map(parse_device).transpose()?;
		let keys =
			self.call(self.block(at), |api, at| api.devices_of(at, account, after, limit))?;
		let next = if keys.len() as u32 == limit { keys.last().map(device_text) } else { None };
		Ok(json!({
			"owner": owner,
			"devices": keys.iter().map(device_text).collect::<Vec<_>>(),
			"next": next,
		}))
	}

	fn class(&self, class: u32, at: Option<H256>) -> RpcResult<Value> {
		let c = self
			.call(self.block(at), |api, at| api.class(at, class))?
			.ok_or_else(|| error(NOT_FOUND, format!("unknown class {class}")))?;
		Ok(class_json(class, &c))
	}

	fn maker(&self, maker: u32, at: Option<H256>) -> RpcResult<Value> {
		let at = self.block(at);
		self.require_version(at, CERTIFICATE_API_VERSION, "depin_maker")?;
		let m = self
			.call(at, |api, at| api.maker(at, maker))?
			.ok_or_else(|| error(NOT_FOUND, format!("unknown maker {maker}")))?;
		Ok(json!({
			"id": maker,
			"certificateKey": device_text(&m.certificate_key),
			"name": String::from_utf8_lossy(&m.name),
			"quota": m.quota,
			"onboarded": m.onboarded,
			"devices": m.devices,
			"revoked": m.revoked,
			"bondedBy": m.bonded_by.as_ref().map(address),
			"bond": balance(m.bond),
			"slashed": balance(m.slashed),
			"faults": m.faults,
			"faultWindowStart": m.fault_window_start,
			"paused": m.paused,
			"rootKey": m.root_key.map(|k| device_text(&PublicKey::P256(k))),
		}))
	}

	fn epoch(&self, at: Option<H256>) -> RpcResult<Value> {
		let e = self.call(self.block(at), |api, at| api.epoch(at))?;
		Ok(json!({
			"index": e.index,
			"start": e.start,
			"end": e.end,
			"length": e.length,
			"closing": e.closing,
			"challengeRatePpb": e.challenge_rate_ppb,
			"attestationQuorum": e.attestation_quorum,
			"attestationTolerancePpb": e.attestation_tolerance_ppb,
			"verifiers": e.verifiers,
			"reciprocityWindow": e.reciprocity_window,
		}))
	}

	fn pending_rewards(
		&self,
		device: String,
		from: u32,
		to: u32,
		at: Option<H256>,
	) -> RpcResult<Value> {
		let key = parse_device(&device)?;
		if to < from || to - from >= MAX_REWARD_EPOCHS {
			return Err(error(
				INVALID_PARAMS,
				format!("epochs from..=to must span 1 to {MAX_REWARD_EPOCHS} epochs"),
			));
		}
		let at = self.block(at);
		let rewards = self.call(at, |api, at| api.pending_rewards(at, key, from, to))?;
		// A retired device's earners may still have rewards to claim: only a key with neither
		// a registration nor work in the range is unknown.
		if rewards.is_empty() {
			self.require_device(at, key, &device)?;
		}
		let mut by_earner: Vec<(AccountId, Balance)> = Vec::new();
		for r in rewards.iter().filter(|r| r.is_final && !r.claimed) {
			match by_earner.iter_mut().find(|(who, _)| *who == r.earner) {
				Some((_, sum)) => *sum = sum.saturating_add(r.reward),
				None => by_earner.push((r.earner.clone(), r.reward)),
			}
		}
		let claimable = by_earner.iter().map(|(_, sum)| *sum).fold(0, Balance::saturating_add);
		Ok(json!({
			"device": device_text(&key),
			"claimable": balance(claimable),
			"claimableBy": by_earner
				.iter()
				.map(|(who, sum)| json!({ "earner": address(who), "amount": balance(*sum) }))
				.collect::<Vec<_>>(),
			"epochs": rewards.iter().map(reward_json).collect::<Vec<_>>(),
		}))
	}

	fn challenge_status(&self, device: String, epoch: u32, at: Option<H256>) -> RpcResult<Value> {
		let key = parse_device(&device)?;
		let at = self.block(at);
		self.require_device(at, key, &device)?;
		let s = self.call(at, |api, at| api.challenge_status(at, key, epoch))?;
		Ok(json!({
			"device": device_text(&key),
			"epoch": s.epoch,
			"challenge": s.challenge.map(|c| format!("0x{}", hex::encode(c))),
			"challenged": s.challenged,
			"beaconCounted": s.beacon_counted,
		}))
	}

	fn schedule(&self, epochs: Option<u32>, at: Option<H256>) -> RpcResult<Value> {
		let epochs = epochs.unwrap_or(DEFAULT_PROJECTION_EPOCHS);
		if epochs > MAX_PROJECTION_EPOCHS {
			return Err(error(
				INVALID_PARAMS,
				format!("at most {MAX_PROJECTION_EPOCHS} epochs of projection"),
			));
		}
		let at = self.block(at);
		self.require_version(at, DEMAND_API_VERSION, "depin_schedule")?;
		let schedule = self.call(at, |api, at| api.schedule(at))?;
		let projection = self.call(at, |api, at| api.projection(at, epochs))?;
		let demand = self.call(at, |api, at| api.demand(at))?;
		Ok(json!({
			"schedule": schedule.as_ref().map(schedule_json),
			"demand": demand_json(&demand, schedule.as_ref()),
			"projection": projection
				.iter()
				.map(|(epoch, emission)| json!({ "epoch": epoch, "emission": balance(*emission) }))
				.collect::<Vec<_>>(),
		}))
	}

	fn stats(&self, epoch: Option<u32>, at: Option<H256>) -> RpcResult<Value> {
		let at = self.block(at);
		let epoch = match epoch {
			Some(epoch) => epoch,
			None => self.call(at, |api, at| api.epoch(at))?.index,
		};
		let s = self.call(at, |api, at| api.stats(at, epoch))?;
		let ratio = if s.minted == 0 { None } else { Some(s.burned as f64 / s.minted as f64) };
		Ok(json!({
			"epoch": s.epoch,
			"devicesByClass": s
				.devices_by_class
				.iter()
				.map(|(class, count)| json!({ "class": class, "devices": count }))
				.collect::<Vec<_>>(),
			"devicesByStatus": {
				"active": s.devices_by_status.active,
				"suspended": s.devices_by_status.suspended,
				"retiring": s.devices_by_status.retiring,
			},
			"totals": totals_json(&s.totals),
			"minted": balance(s.minted),
			"burned": balance(s.burned),
			"sustainabilityRatio": ratio,
		}))
	}

	fn credits(&self, account: String, at: Option<H256>) -> RpcResult<Value> {
		let who = parse_address(&account)?;
		let at = self.block(at);
		self.require_version(at, CREDITS_API_VERSION, "depin_credits")?;
		let credits = self.call(at, |api, at| api.credits(at, who.clone()))?;
		Ok(json!({
			"account": address(&who),
			"credits": balance(credits),
		}))
	}

	fn verifier(&self, account: String, at: Option<H256>) -> RpcResult<Value> {
		let who = parse_address(&account)?;
		let at = self.block(at);
		self.require_version(at, VERIFIER_API_VERSION, "depin_verifier")?;
		let v = self
			.call(at, |api, at| api.verifier(at, who.clone()))?
			.ok_or_else(|| error(NOT_FOUND, format!("{account} is not a verifier or applicant")))?;
		Ok(json!({
			"account": address(&who),
			"admitted": v.admitted,
			"bond": balance(v.bond),
			"slashed": balance(v.slashed),
			"slashes": v.slashes,
			"quota": v.quota,
			"usedThisEpoch": v.used,
			"slot": v.slot,
		}))
	}

	fn committee(&self, device: String, epoch: Option<u32>, at: Option<H256>) -> RpcResult<Value> {
		let key = parse_device(&device)?;
		let at = self.block(at);
		self.require_version(at, VERIFIER_API_VERSION, "depin_committee")?;
		self.require_device(at, key, &device)?;
		let epoch = match epoch {
			Some(epoch) => epoch,
			None => self.call(at, |api, at| api.epoch(at))?.index,
		};
		let committee = self.call(at, |api, at| api.committee(at, key, epoch))?;
		Ok(json!({
			"device": device_text(&key),
			"epoch": epoch,
			"committee": committee.map(|c| c.iter().map(address).collect::<Vec<_>>()),
		}))
	}

	fn supply_history(
		&self,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Value> {
		let limit = limit.unwrap_or(DEFAULT_SUPPLY_PAGE);
		if limit == 0 || limit > MAX_SUPPLY_PAGE {
			return Err(error(
				INVALID_PARAMS,
				format!("limit must be between 1 and {MAX_SUPPLY_PAGE} epochs"),
			));
		}
		let at = self.block(at);
		self.require_version(at, DEMAND_API_VERSION, "depin_supplyHistory")?;
		let from = match from {
			Some(from) => from,
			None => self.call(at, |api, at| api.epoch(at))?.index.saturating_sub(limit),
		};
		let records = self.call(at, |api, at| api.supply_history(at, from, limit))?;
		Ok(json!({
			"from": from,
			"limit": limit,
			"records": records.iter().map(|(epoch, r)| supply_json(*epoch, r)).collect::<Vec<_>>(),
		}))
	}
}
