//! `depin credits …`: customers buy the credits that pay for usage.

use anyhow::Result;
use clap::Subcommand;
use depin_runtime::{Runtime, RuntimeCall};
use serde_json::json;

use crate::{
	output,
	text::{account_text, dpin_text, parse_account, parse_dpin},
	Ctx, SignerArgs,
};

#[derive(Subcommand)]
pub enum CreditsCommand {
	/// Burn DPIN for credits that pay for a consumer's usage (1 credit per planck burned).
	///
	/// Example: depin credits buy --suri //Bob --amount 10
	Buy {
		#[command(flatten)]
		signer: SignerArgs,
		/// The account that gets the credits (default: the signer).
		#[arg(long)]
		consumer: Option<String>,
		/// DPIN to burn, e.g. 10 or 0.5 (at least 0.001).
		#[arg(long)]
		amount: String,
	},
	/// An account's credits.
	///
	/// Example: depin credits balance --account 5FHn…
	Balance {
		/// The account.
		#[arg(long)]
		account: String,
	},
}

pub async fn credits(ctx: &Ctx, command: CreditsCommand) -> Result<()> {
	match command {
		CreditsCommand::Buy { signer, consumer, amount } => {
			let key = signer.key()?;
			let amount = parse_dpin(&amount)?;
			let consumer = match consumer {
				Some(c) => parse_account(&c)?,
				None => key.account(),
			};
			let chain = ctx.connect().await?;
			let call = RuntimeCall::Emissions(pallet_emissions::Call::buy_credits {
				consumer: consumer.clone(),
				amount,
			});
			let inc = chain.submit(&key, call).await?;
			output::included(
				ctx,
				&format!("bought {} of credits for {}", dpin_text(amount), account_text(&consumer)),
				&inc,
			);
		}
		CreditsCommand::Balance { account } => {
			let account = parse_account(&account)?;
			let chain = ctx.connect().await?;
			let key = pallet_emissions::Credits::<Runtime>::hashed_key_for(&account);
			let credits: u128 = chain.storage(&key).await?.unwrap_or(0);
			output::value(
				ctx,
				&json!({ "account": account_text(&account), "credits": credits.to_string() }),
			);
		}
	}
	Ok(())
}
