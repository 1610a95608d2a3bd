#pragma once

#include "restore/OnlineImporter.h"

#include <QCoreApplication>

namespace tidemark {

/// The Tidemark kind's online restore (TidemarkKind::onlineImporter()): a database of a chain,
/// or some of its retention policies or shards, into a running tidemarkd through the snapshot
/// protocol's `import` request (core/protocol/README.md, *Import*).
///
/// plan() reads the merged manifest up to the chosen link and the newest `meta` of the chain (its
/// database, retention policies and shard groups), asks the node (node-info) what it holds, and
/// decides each shard's action. import() sends the plan and then each chosen shard's newest copy,
/// streamed from its link and checked against the link's checksums as it is read; a bad checksum
/// aborts the import, and the node discards what it received. The node makes the whole import
/// visible in one meta store transaction (new shard ids, its own next index), or nothing of it.
class TidemarkOnlineImporter final : public OnlineImporter {
    Q_DECLARE_TR_FUNCTIONS(TidemarkOnlineImporter)

public:
    [[nodiscard]] Result<OnlineRestorePlan> plan(const Context &context,
                                                 const OnlineRestoreRequest &request) const override;
    [[nodiscard]] Status import(const Context &context, const OnlineRestorePlan &plan) const override;
};

} // namespace tidemark
