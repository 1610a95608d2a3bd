#include "browse/ContentsReader.h"

#include "snapshot/FileRebuild.h"

namespace tidemark {

Status ContentsReader::Sink::finishWith(const QString &path)
{
    if (Status s = FileRebuild::readFile(path, [this](const char *data, qsizetype size) { return write(data, size); });
        !s)
        return s;
    return finish();
}

Status ScratchFile::open()
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(m_file.fileName(), m_file.errorString()),
                         tr("Check free space where the chain's scratch directory is."));
    return {};
}

Status ScratchFile::write(const char *bytes, qsizetype size)
{
    if (m_file.write(bytes, size) != size)
        return makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(m_file.fileName(), m_file.errorString()),
                         tr("Check free space where the chain's scratch directory is."));
    return {};
}

Status ScratchFile::close()
{
    const bool flushed = m_file.flush();
    const QString why = m_file.errorString();
    m_file.close();
    if (!flushed)
        return makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(m_file.fileName(), why),
                         tr("Check free space where the chain's scratch directory is."));
    return {};
}

void ScratchFile::remove()
{
    m_file.close();
    if (!m_file.fileName().isEmpty())
        QFile::remove(m_file.fileName());
}

} // namespace tidemark
