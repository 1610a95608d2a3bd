#pragma once

#include "browse/ChainExporter.h"
#include "common/Job.h"

#include <QMap>

namespace tidemark {

/// ChainExporter::exportPoints as a Job (`tidemark-cli export`): the points go to standard output
/// or to a file that appears under its name only once whole (written as `FILE.tmp`, synced and
/// renamed: a failure, a damaged link or a cancel leaves no FILE and no `FILE.tmp`). Progress in
/// bytes read of the links it needs; cancel() stops it within a fraction of a second.
class ExportJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(ExportJob)

public:
    /// `output` empty: standard output.
    ExportJob(ChainExporter::Options options, ExportFormat format, QString output, QObject *parent = nullptr);
    ~ExportJob() override;

    [[nodiscard]] QString title() const override;
    /// Valid once finished() was emitted with code Ok.
    [[nodiscard]] const ChainExporter::Summary &summary() const { return m_summary; }
    [[nodiscard]] qint64 points() const { return m_points; }
    [[nodiscard]] const QMap<QString, qint64> &perMeasurement() const { return m_perMeasurement; }

protected:
    [[nodiscard]] Error execute() override;

private:
    ChainExporter::Options m_options;
    ExportFormat m_format;
    QString m_output;
    ChainExporter::Summary m_summary;
    qint64 m_points = 0;
    QMap<QString, qint64> m_perMeasurement;
};

} // namespace tidemark
