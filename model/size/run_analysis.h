// SPDX-License-Identifier: MIT
#pragma once

// What one RUN writes into its layer. The script is read with the shell word splitter
// (model/shell), commands are recognised (package managers through recognizePackageCommand),
// and each command that writes something becomes a part of the layer and an entry in the
// stage's ledger, in script order, so that `rm -rf /var/lib/apt/lists/*` after
// `apt-get update` in the same RUN cancels the index files while the same `rm` in a later
// RUN only marks them as waste.
//
// Sizes come from the package lists (apt), from the build context (lock files, manifests,
// a local node_modules) or from the labelled heuristics of size_heuristics.h. Commands that
// only touch metadata (mkdir, useradd, chmod, ...) add nothing; a command whose output
// cannot be judged (make, curl, a script) makes the layer's figure a lower bound.
// Paths under a `--mount` target (cache, bind, tmpfs, secret) never reach the layer.

#include "base_system.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

class ContextScan;
class LayerLedger;
class PackageSet;
class PackageSizing;
class RunLayerMemo;
class StageVariables;
class SyntaxTree;

struct RunEnvironment {
    const SyntaxTree *tree = nullptr;
    int instruction = -1;
    const StageVariables *variables = nullptr; ///< the variables the RUN sees (ARG and ENV)
    std::string_view workdir = "/"; ///< the stage WORKDIR before the RUN (the caller keeps it)
    BaseSystem base; ///< the external image at the bottom of the stage
    LayerLedger *ledger = nullptr; ///< the stage's ledger, with the RUN's layer open
    const ContextScan *context = nullptr;
    PackageSizing *packages = nullptr;
    /// Debian package ids the stage has (apk/rpm use them as stand-ins). Stages and estimates
    /// share one set until a RUN changes it: a change replaces the set with a changed copy.
    std::shared_ptr<const PackageSet> *installed = nullptr;
    std::vector<std::string> *venvs = nullptr; ///< virtual environments created in the stage
    std::vector<std::string> *notes = nullptr; ///< stage findings: commands that would fail
    /// Repeated RUN texts replay an earlier analysis from here (run_layer_memo.h); null: none.
    RunLayerMemo *memo = nullptr;
};

/// Sizes the RUN `environment.instruction` into the ledger's current layer.
void analyzeRun(RunEnvironment &environment);

} // namespace stagecraft
