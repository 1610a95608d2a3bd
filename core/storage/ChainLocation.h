#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <vector>

namespace tidemark {

/// A place that holds chains side by side: a local directory, or an S3 prefix
/// (`s3://BUCKET/PREFIX`, or `s3://BUCKET` for the whole bucket). The catalog and prune read it
/// as a flat list of files (no subdirectories): a chain `NAME` there is `NAME`, `NAME.0`, … and
/// its sidecars `NAME.keys`, `NAME.verified`.
class ChainLocation {
    Q_DECLARE_TR_FUNCTIONS(ChainLocation)

public:
    struct Entry {
        QString name;     ///< The file's name in the location.
        qint64 bytes = 0; ///< Its size.
    };

    /// `location` made absolute and clean: a local directory against the working directory; an S3
    /// URL with its scheme in lower case, no doubled slashes and no slash at the end.
    [[nodiscard]] static QString canonical(const QString &location);
    /// The files directly in `location`, by name. A local directory that does not exist, or is not
    /// a directory, is NotFound / Io naming it; an S3 prefix with no object is empty, not an error.
    [[nodiscard]] static Result<std::vector<Entry>> list(const QString &location);
    /// Where chain `name` of `location` is: `DIR/NAME`, or `s3://BUCKET/PREFIX/NAME`.
    [[nodiscard]] static QString chainPath(const QString &location, const QString &name);
    /// The location holding the chain at `chainPath`, and the chain's name there.
    [[nodiscard]] static QString locationOf(const QString &chainPath);
    [[nodiscard]] static QString nameOf(const QString &chainPath);

    /// A series (`backup --max-links K PATH`): the chain PATH, then the chains it rolled onto,
    /// `PATH-YYYYMMDDTHHMMSSZ` (UTC, when each was made) beside it. The newest member whose full
    /// snapshot exists is where the next backup goes: that one, or PATH itself when none rolled.
    [[nodiscard]] static Result<QString> seriesHead(const QString &chainPath);
    /// The location of a new member of PATH's series made at `now`: one that does not exist yet
    /// and sorts after every member there.
    [[nodiscard]] static Result<QString> nextInSeries(const QString &chainPath, const QDateTime &now);
    /// The newest chain of the series `chainPath` belongs to (as the series' PATH or as one of its
    /// rolled members) when that is another, newer chain; empty when there is none (or the
    /// location cannot be listed). A restore warns with it: the chain given is not the latest.
    [[nodiscard]] static QString newerInSeries(const QString &chainPath);
    /// Whether `name` is a rolled member of the series of chain `base` (both names in a location).
    [[nodiscard]] static bool isSeriesMember(const QString &base, const QString &name);
    /// The series' PATH of a chain: `PATH-YYYYMMDDTHHMMSSZ` gives PATH, any other chain itself.
    /// Names only; nothing is listed.
    [[nodiscard]] static QString seriesOf(const QString &chainPath);
};

} // namespace tidemark
