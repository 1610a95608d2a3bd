#pragma once

#include "NodeProcess.h"

#include <QString>

/// Test data for the GUI tests: real writes through a node's HTTP API, and settings isolated in
/// a temporary directory.
class NodeData {
public:
    /// Creates database `db` (idempotent).
    [[nodiscard]] static bool createDatabase(NodeProcess &node, const QString &db);
    /// Writes about `megabytes` MB of points (1 KiB string field each) into `db`, in batches of
    /// 4 MB, on day `day` (one shard per day). False on any non-204 answer.
    [[nodiscard]] static bool writeMegabytes(NodeProcess &node, const QString &db, int megabytes, int day);
    /// Points QSettings (INI) at `dir`, so a test never reads or writes the user's settings.
    static void isolateSettings(const QString &dir);
    /// The user running the test (the owner a restore may give files to without root).
    [[nodiscard]] static QString currentUser();
};
