#pragma once

#include "browse/ChainContents.h"
#include "common/Error.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

class QChart;
class QChartView;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace tidemark {
class BrowseJob;
}

namespace tidemark::ui {

class PointCountJob;

/// What a chain holds at one of its links (Contents… in the chain pane; issue 20): the tree of
/// `tidemark-cli ls CHAIN:N`, databases → retention policies (duration, default) → shards (id,
/// time range, size, the link holding it) → measurements (series, first and last point). Times
/// are local.
///
/// The chain is read by a BrowseJob, which runs on a pool thread (the chain alone: no node is
/// asked); meanwhile a busy bar with the job's stage and Cancel. An encrypted chain is read with
/// the key of this session (ChainSecrets), so the pane opens the dialog only on an unlocked one.
/// Then the tree, a summary line below it, or core's error (message and hint). Not modal: several
/// may be open, and closing one cancels its read.
///
/// Selecting a measurement plots its points over time below the tree (pointsChart): the points of
/// that measurement in that retention policy counted per time bucket (PointCountJob: core's export
/// engine with a counting writer, on a pool thread; about kMaxBuckets buckets over the
/// measurement's time range, each a round width). pointsStatus says what is counted meanwhile, or
/// the error; a new selection, Reload or closing the dialog cancels a count still running.
///
/// "Restore this database…" (restoreDatabaseButton; the context menu of a database row) asks for
/// the online restore of the selected row's database: restoreDatabaseRequested().
///
/// Object names: contentsTree, contentsSummary, contentsError, contentsStatus, contentsProgress,
/// cancelButton, reloadButton, pointsChart, pointsStatus, restoreDatabaseButton.
class ContentsDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(ContentsDialog)

public:
    enum Column { NameColumn, DetailsColumn, FromColumn, ToColumn, SeriesColumn, SizeColumn, LinkColumn, ColumnCount };

    /// The contents of `chain` (its full snapshot's location, local or `s3://`) at link `upto`
    /// (-1 the full snapshot, N the incremental PATH.N); the read starts at once.
    ContentsDialog(const QString &chain, int upto, QWidget *parent = nullptr);
    ~ContentsDialog() override;

    [[nodiscard]] QString chain() const { return m_chain; }
    [[nodiscard]] int upto() const { return m_upto; }
    [[nodiscard]] bool isReading() const { return m_job != nullptr; }
    /// What the last read found; nullopt while reading, after an error or a cancel.
    [[nodiscard]] const std::optional<ChainContents> &contents() const { return m_contents; }
    /// Why the last read did not give the tree (code Ok when it did, Cancelled after Cancel).
    [[nodiscard]] const Error &error() const { return m_error; }
    [[nodiscard]] QTreeWidget *tree() const { return m_tree; }

    /// Reads the chain again (the dialog's Reload); a read still running is cancelled first.
    void reload();
    /// Stops the read (the dialog's Cancel); loaded() follows with false.
    void cancel();

    /// Buckets of the points plot, at most.
    static constexpr int kMaxBuckets = 60;
    /// Whether the points of a measurement are being counted.
    [[nodiscard]] bool isCounting() const { return m_countJob != nullptr; }
    /// The plotted counts (bucket start in ns since the epoch, points) of the measurement last
    /// counted; empty before, while counting and after an error.
    [[nodiscard]] const std::vector<std::pair<qint64, qint64>> &plotted() const { return m_plotted; }
    /// The measurement plotted or being counted: database, retention policy, name.
    [[nodiscard]] QStringList plottedMeasurement() const { return m_plotKey; }
    /// The database of the selected row (any row under it); empty when none is selected.
    [[nodiscard]] QString selectedDatabase() const;
    /// Asks to restore `database` online (the button and the context menu call it).
    void requestRestore(const QString &database);

    /// The summary line of `contents`: databases, shards, measurements, series and bytes.
    [[nodiscard]] static QString summaryText(const ChainContents &contents);
    /// A retention policy's duration: "forever", "7 d", "12 h", …
    [[nodiscard]] static QString durationText(qint64 ns);
    /// A time of the tree (nanoseconds since the epoch), local.
    [[nodiscard]] static QString timeText(qint64 ns);

Q_SIGNALS:
    /// A read ended: the tree shows it (ok), or the error or the cancel does.
    void loaded(bool ok);
    /// A count of points over time ended (ok: plotted() holds it).
    void pointsCounted(bool ok);
    /// "Restore this database…": restore `database` of the chain at link upto() into a running node.
    void restoreDatabaseRequested(const QString &chain, int upto, const QString &database,
                                  tidemark::Manifest::Kind kind);

private:
    void jobFinished(const Error &error);
    void showContents();
    void showError();
    void selectionChanged(QTreeWidgetItem *current);
    void countPoints(const QString &database, const QString &policy, const QString &measurement);
    void stopCounting();
    void countFinished(const Error &error);
    void plot(const PointCountJob &job);

    QString m_chain;
    int m_upto;
    BrowseJob *m_job = nullptr;
    int m_generation = 0; ///< Of the read running or last run.
    std::optional<ChainContents> m_contents;
    Error m_error{ErrorCode::Ok, {}, {}};
    QLabel *m_heading;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_cancelButton;
    QTreeWidget *m_tree;
    QLabel *m_summary;
    QLabel *m_errorLabel;
    QPushButton *m_reloadButton;
    QPushButton *m_restoreButton;
    QChart *m_chart;
    QChartView *m_chartView;
    QLabel *m_pointsStatus;
    PointCountJob *m_countJob = nullptr;
    int m_countGeneration = 0;
    QStringList m_plotKey;
    std::vector<std::pair<qint64, qint64>> m_plotted;
};

} // namespace tidemark::ui
