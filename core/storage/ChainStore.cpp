#include "storage/ChainStore.h"

#include <QVariant>

namespace tidemark {

// Apart from the stores, so that readers (ArchiveReader) link without them.
Error ChainStore::readError(const QIODevice &device, const QString &path)
{
    const QVariant code = device.property("tidemarkErrorCode");
    if (code.isValid())
        return makeError(static_cast<ErrorCode>(code.toInt()), device.errorString(),
                         device.property("tidemarkErrorHint").toString());
    return makeError(ErrorCode::Io, tr("Reading '%1' failed: %2").arg(path, device.errorString()));
}

} // namespace tidemark
