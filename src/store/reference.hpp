// SPDX-License-Identifier: Apache-2.0
// The reference grammar of saved runs (`latest`, a number, a saved name, a
// commit), one for every store: the file store (storage.hpp) and the
// PostgreSQL store (postgres_store.hpp) list their runs and pick among them here.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "model/outcome.hpp"
#include "store/storage.hpp"  // SavedRun

namespace pace::store {

/// The run `reference` names among `runs` (one store's listing, of one
/// machine or of every machine). In this order: `latest` (the highest
/// number); a number (`3`, `0003`); a saved name (the highest-numbered run
/// saved under it); a commit, 7 to 40 hex digits (digits only read as a
/// number) that begin the commit id of a run (the highest-numbered such run)
/// when no run carries that name. Runs
/// of several machines matching is an error (ambiguous), as is no match.
/// `location` names the store in messages (a directory, or a URL without its
/// password).
///
///     auto run = pace::store::pick_saved_run(runs, "baseline", machine.id(), ".pace");
Outcome<SavedRun> pick_saved_run(const std::vector<SavedRun>& runs, const std::string& reference,
                                 const std::string& machine_id, const std::string& location);

/// The hint printed when a reference names no run: the grammar in one line.
std::string reference_grammar_hint();

}  // namespace pace::store
