#pragma once

#include "common/Error.h"
#include "snapshot/Manifest.h"

#include <QByteArray>
#include <QString>

#include <map>

namespace tidemark::test {

/// The entries of a local, uncompressed link: its head, its final manifest and every file's
/// bytes, for tests that take a link apart, change it and write it back.
struct LinkContents {
    Manifest head;
    Manifest final;
    std::map<QString, QByteArray> files;
};

/// Reads the link at `path` whole (a test's small links only: every file is held in memory).
[[nodiscard]] Result<LinkContents> readLink(const QString &path);
/// Writes `link` to `path` as the node does: the head, each file of the final manifest in its
/// order, the final manifest. False if a file the final manifest lists is missing or a write failed.
[[nodiscard]] bool writeLink(const QString &path, const LinkContents &link);

} // namespace tidemark::test
