#pragma once

#include "common/Error.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QStringList>

namespace tidemark {

/// The meta store of an InfluxDB 1.x node as its snapshot service sends it: the protocol
/// buffer `meta.Data` that the node keeps as `<meta dir>/meta.db`.
///
/// parse() walks the protocol buffer wire format (it needs no schema compiler) and reads the few
/// fields Tidemark shows: `Term` (1), `Index` (2), `ClusterID` (3) and the names of `Databases`
/// (5, each a `DatabaseInfo` whose field 1 is `Name`). A blob that is not a well-formed protocol
/// buffer, or lacks `Index`, is ErrorCode::Integrity naming `source`.
struct MetaBlob {
    Q_DECLARE_TR_FUNCTIONS(MetaBlob)

public:
    quint64 term = 0;
    quint64 index = 0;
    quint64 clusterId = 0;
    QStringList databases;

    [[nodiscard]] static Result<MetaBlob> parse(QByteArrayView blob, const QString &source);
};

} // namespace tidemark
