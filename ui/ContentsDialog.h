#pragma once

#include "browse/ChainContents.h"
#include "common/Error.h"

#include <QDialog>
#include <QString>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace tidemark {
class BrowseJob;
}

namespace tidemark::ui {

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
/// Object names: contentsTree, contentsSummary, contentsError, contentsStatus, contentsProgress,
/// cancelButton, reloadButton.
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

    /// The summary line of `contents`: databases, shards, measurements, series and bytes.
    [[nodiscard]] static QString summaryText(const ChainContents &contents);
    /// A retention policy's duration: "forever", "7 d", "12 h", …
    [[nodiscard]] static QString durationText(qint64 ns);
    /// A time of the tree (nanoseconds since the epoch), local.
    [[nodiscard]] static QString timeText(qint64 ns);

Q_SIGNALS:
    /// A read ended: the tree shows it (ok), or the error or the cancel does.
    void loaded(bool ok);

private:
    void jobFinished(const Error &error);
    void showContents();
    void showError();

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
};

} // namespace tidemark::ui
