//! Property test: random sequences of calls never break the pallet's invariants.

use crate::{mock::*, *};
use bioledger_primitives::{Role, RoleSet, Validity};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Link { admin: u64, account: u64, roles: u8 },
	SetRoles { admin: u64, account: u64, roles: u8 },
	Unlink { admin: u64, account: u64 },
	MoveSeat { admin: u64, to: u64 },
	Suspend(OrgId),
	Reinstate(OrgId),
	Revoke(OrgId),
	Issue { holder: OrgId, until: Option<u64> },
	RevokeCredential { org: OrgId, id: u32 },
	Reissue { holder: OrgId, id: u32, until: Option<u64> },
	SuspendCredential { holder: OrgId, id: u32, suspend: bool },
	Surrender { admin: u64, id: u32 },
	Remove { admin: u64, id: u32 },
	RegisterNode { admin: u64, n: u8 },
	RemoveNode { admin: u64, n: u8 },
	RemoveValidator(OrgId),
	Propose { admin: u64, account: u64 },
	Approve(OrgId),
	Advance { blocks: u8, ms: u32 },
}

fn account() -> impl Strategy<Value = u64> {
	prop_oneof![
		Just(SUP_ADMIN),
		Just(SUP_QA),
		Just(CDMO_ADMIN),
		Just(REG_ADMIN),
		10u64..16,
		50u64..54
	]
}

fn admin() -> impl Strategy<Value = u64> {
	prop_oneof![Just(SUP_ADMIN), Just(CDMO_ADMIN), Just(REG_ADMIN), 50u64..54]
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(admin(), account(), 0u8..0x80).prop_map(|(admin, account, roles)| Op::Link {
			admin,
			account,
			roles
		}),
		(admin(), account(), 0u8..0x80).prop_map(|(admin, account, roles)| Op::SetRoles {
			admin,
			account,
			roles
		}),
		(admin(), account()).prop_map(|(admin, account)| Op::Unlink { admin, account }),
		(admin(), account()).prop_map(|(admin, to)| Op::MoveSeat { admin, to }),
		(0u32..4).prop_map(Op::Suspend),
		(0u32..4).prop_map(Op::Reinstate),
		(0u32..4).prop_map(Op::Revoke),
		(0u32..2, prop::option::of(1u64..10_000_000))
			.prop_map(|(holder, until)| Op::Issue { holder, until }),
		(0u32..3, 0u32..5).prop_map(|(org, id)| Op::RevokeCredential { org, id }),
		(0u32..2, 0u32..5, prop::option::of(1u64..10_000_000))
			.prop_map(|(holder, id, until)| Op::Reissue { holder, id, until }),
		(0u32..2, 0u32..5, any::<bool>()).prop_map(|(holder, id, suspend)| Op::SuspendCredential {
			holder,
			id,
			suspend
		}),
		(admin(), 0u32..5).prop_map(|(admin, id)| Op::Surrender { admin, id }),
		(admin(), 0u32..5).prop_map(|(admin, id)| Op::Remove { admin, id }),
		(admin(), 0u8..6).prop_map(|(admin, n)| Op::RegisterNode { admin, n }),
		(admin(), 0u8..6).prop_map(|(admin, n)| Op::RemoveNode { admin, n }),
		(0u32..3).prop_map(Op::RemoveValidator),
		(admin(), 10u64..16).prop_map(|(admin, account)| Op::Propose { admin, account }),
		(0u32..3).prop_map(Op::Approve),
		(1u8..4, 1u32..2_000_000).prop_map(|(blocks, ms)| Op::Advance { blocks, ms }),
	]
}

fn apply(op: Op) {
	let _ = match op {
		Op::Link { admin, account, roles } => {
			Consortium::link_account(signed(admin), account, RoleSet(roles))
		},
		Op::SetRoles { admin, account, roles } => {
			Consortium::set_roles(signed(admin), account, RoleSet(roles))
		},
		Op::Unlink { admin, account } => Consortium::unlink_account(signed(admin), account),
		Op::MoveSeat { admin, to } => Consortium::move_council_seat(signed(admin), to),
		Op::Suspend(o) => Consortium::suspend(root(), o),
		Op::Reinstate(o) => Consortium::reinstate(root(), o),
		Op::Revoke(o) => Consortium::revoke(root(), o),
		Op::Issue { holder, until } => {
			// The holder's admin asks the regulator, which seals and issues.
			let admin = if holder == 0 { SUP_ADMIN } else { CDMO_ADMIN };
			let request = NextRequestId::<Test>::get();
			Consortium::request_credential(signed(admin), REGULATOR, GMP, Default::default())
				.and_then(|_| {
					let v = Validity { from: 0, until };
					let seal = reg_seal(holder, GMP, v, [3; 32], 1);
					Consortium::issue_credential(signed(REG_ADMIN), request, [3; 32], v, seal)
				})
		},
		Op::RevokeCredential { org, id } => Consortium::revoke_credential(root(), org, id),
		Op::Reissue { holder, id, until } => {
			let version = OrgCredentials::<Test>::get(holder)
				.iter()
				.find(|(i, _)| *i == id)
				.map(|(_, c)| c.version + 1)
				.unwrap_or(1);
			let v = Validity { from: 0, until };
			let seal = reg_seal(holder, GMP, v, [3; 32], version);
			Consortium::reissue_credential(signed(REG_ADMIN), holder, id, [3; 32], v, seal)
		},
		Op::SuspendCredential { holder, id, suspend: true } => {
			Consortium::suspend_credential(signed(REG_ADMIN), holder, id)
		},
		Op::SuspendCredential { holder, id, suspend: false } => {
			Consortium::reinstate_credential(signed(REG_ADMIN), holder, id)
		},
		Op::Surrender { admin, id } => Consortium::surrender_credential(signed(admin), id),
		Op::Remove { admin, id } => Consortium::remove_credential(signed(admin), id),
		Op::RegisterNode { admin, n } => {
			Consortium::register_node(signed(admin), peer(n), Default::default())
		},
		Op::RemoveNode { admin, n } => Consortium::remove_node(signed(admin), peer(n)),
		Op::RemoveValidator(o) => Consortium::remove_validator(root(), o),
		Op::Propose { admin, account } => Consortium::propose_validator(signed(admin), account),
		Op::Approve(o) => Consortium::approve_validator(root(), o),
		Op::Advance { blocks, ms } => {
			run_to_block(System::block_number() + blocks as u64, ms as u64);
			Ok(())
		},
	};
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	#[test]
	fn random_calls_keep_invariants(ops in prop::collection::vec(op(), 1..40)) {
		ExtBuilder::default().build().execute_with(|| {
			// Two more admins so that role changes have room to move.
			let _ = Consortium::link_account(signed(SUP_ADMIN), 50, RoleSet::from_roles(&[Role::Admin]));
			let _ = Consortium::link_account(signed(CDMO_ADMIN), 51, RoleSet::from_roles(&[Role::Admin]));
			for op in ops {
				apply(op.clone());
				if let Err(e) = Consortium::do_try_state() {
					panic!("invariant broken after {op:?}: {e:?}");
				}
				// The session manager never hands out fewer than the minimum.
				if let Some(set) = <Consortium as pallet_session::SessionManager<u64>>::new_session(1) {
					assert!(set.len() >= 2);
				}
			}
		});
	}
}
