#include "browse/ExportJob.h"

#include "common/Staging.h"

#include <QFile>

#include <cstdio>
#include <unistd.h>

namespace tidemark {

ExportJob::ExportJob(ChainExporter::Options options, ExportFormat format, QString output, QObject *parent)
    : Job(parent), m_options(std::move(options)), m_format(format), m_output(std::move(output))
{
}

ExportJob::~ExportJob()
{
    cancel();
    waitForFinished();
}

QString ExportJob::title() const
{
    return tr("Export of %1 from %2").arg(m_options.filter.database, m_options.chain);
}

Error ExportJob::execute()
{
    std::unique_ptr<StagedFile> staged;
    QFile standardOutput;
    QIODevice *device = nullptr;
    QString deviceName;
    if (m_output.isEmpty()) {
        if (!standardOutput.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered,
                                 QFileDevice::DontCloseHandle))
            return makeError(ErrorCode::Io,
                             tr("Cannot write to standard output: %1").arg(standardOutput.errorString()));
        device = &standardOutput;
        deviceName = tr("standard output");
    } else {
        staged = std::make_unique<StagedFile>(m_output);
        if (Status s = staged->open(); !s)
            return s.error();
        device = &staged->file();
        deviceName = staged->file().fileName();
    }
    PointWriter writer(m_format, device, deviceName);
    QString lastStage;
    auto summary = ChainExporter::exportPoints(
        m_options, writer,
        [&](const QString &stage, qint64 done, qint64 total) {
            if (stage != lastStage) {
                lastStage = stage;
                reportStage(stage);
            }
            reportProgress(done, total);
        },
        cancelFlag());
    if (!summary)
        return summary.error(); // The staged file goes with `staged`.
    if (Status s = writer.flush(); !s)
        return s.error();
    if (staged) {
        if (Status s = staged->commit(); !s)
            return s.error();
    }
    m_summary = summary.takeValue();
    m_points = writer.points();
    m_perMeasurement = writer.perMeasurement();
    return {ErrorCode::Ok, {}, {}};
}

} // namespace tidemark
