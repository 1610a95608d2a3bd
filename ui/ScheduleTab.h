#pragma once

#include "schedule/Schedule.h"
#include "schedule/ScheduleStore.h"

#include "NodeStore.h"

#include <QHash>
#include <QTime>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QTimeEdit;
class QTimer;

namespace tidemark::ui {

/// The node dialog's Schedule tab: for one of the node's locations (locationCombo), whether and
/// when its backups run by themselves (every N hours, daily at HH:MM, weekly on a day at HH:MM or
/// a systemd calendar expression), retries, what follows each backup (prune with the node's
/// retention policy, verify and a restore drill every Nth run and/or weekly) and who hears about a failure (overdue
/// threshold, desktop notification, webhook, metrics file): the same definition as
/// `tidemark-cli schedule add` writes (Schedule, in the user's ScheduleStore), with the node's
/// host, kind, TLS and token.
///
/// setNode() reads each location's schedule on a pool thread: its name is kept per node and
/// location (NodeStore::scheduleName), or a definition of the user's whose chain is the location
/// is taken over. Each location keeps its edits while another is shown. apply() writes them all
/// on a pool thread (ScheduleSetup: definition, token file, units, timer), checking every form
/// first (a calendar expression with systemd-analyze): a form that does not make a schedule
/// writes nothing, and applied() says why. Unchecking "Back up on a schedule" removes the
/// definition, its units and its timer. nextRunLabel shows the next run as edited (a pool thread
/// asks systemd-analyze for a calendar expression). schedulerModeLabel says who runs the schedule:
/// the systemd user manager's timers, or Tidemark itself while it is open.
class ScheduleTab : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY(ScheduleTab)

public:
    explicit ScheduleTab(QWidget *parent = nullptr);

    /// The node whose schedules the tab edits (its locations, retention policy and max links).
    void setNode(const NodeEntry &entry);
    /// The settings of the node's S3 locations (endpoint, region, addressing go into the schedule).
    void setS3Locations(const QHash<QString, S3Location> &s3) { m_s3 = s3; }
    /// Whether the node has an auth token (the tab says where a timer reads it).
    void setUsesToken(bool uses);
    [[nodiscard]] bool isReading() const { return m_reading; }
    [[nodiscard]] bool isApplying() const { return m_applying; }
    [[nodiscard]] QString currentLocation() const { return m_current; }
    void selectLocation(const QString &location);
    /// The name of `location`'s schedule (empty: none yet).
    [[nodiscard]] QString scheduleName(const QString &location) const;
    /// Why the form cannot be saved as it stands (a field the tab checks at once), or empty.
    [[nodiscard]] QString problem() const;
    /// Writes the schedules as edited for `node` (the dialog's entry) with `token`, on a pool
    /// thread; applied() follows. Names of new schedules are kept (NodeStore::setScheduleName).
    void apply(const NodeEntry &node, const QByteArray &token);

    /// What the form holds for one location.
    struct Draft {
        QString name;                   ///< Empty: no schedule yet.
        std::optional<Schedule> onDisk; ///< The definition read (fields the tab has not are kept).
        ScheduleState state;            ///< Its runs.
        QString broken;                 ///< Why the definition on disk does not read.
        bool enabled = false;
        ScheduleWhen::Kind whenKind = ScheduleWhen::Kind::Daily;
        int everyHours = 6;
        QTime at{2, 0};
        int weekday = 7;
        QString calendar;
        int retries = 2;
        int retryDelayMinutes = 10;
        bool prune = false;
        int verifyEvery = 0;
        bool verifyWeekly = true;
        int drillEvery = 0;
        bool drillWeekly = false;
        int overdueHours = 0; ///< 0: Schedule::overdueAfter()'s default.
        bool desktop = true;
        QString webhook;
        QString webhookFormat = QStringLiteral("json");
        QString metricsFile;
    };

Q_SIGNALS:
    /// Every location's schedule was read.
    void readFinished();
    /// apply() ended: ok, and what it did (or why not), a line each for the log.
    void applied(bool ok, const QStringList &messages);
    /// problem() may have changed.
    void validityChanged();

private:
    void buildUi();
    void showDraft(const QString &location);
    void storeDraft();
    void updateEnabled();
    void updateWhenRows();
    /// Asks for the next run of the when as edited, on a pool thread.
    void previewNextRun();
    void showState(const Draft &draft);
    void updateTokenLabel();

    NodeEntry m_node;
    QHash<QString, S3Location> m_s3;
    QHash<QString, Draft> m_drafts; ///< By location.
    QString m_current;              ///< The location shown.
    bool m_reading = false;
    bool m_applying = false;
    bool m_usesToken = false;
    bool m_showing = false; ///< showDraft() fills the form: no change is stored meanwhile.
    int m_readGeneration = 0;
    int m_previewGeneration = 0;
    std::optional<bool> m_manager; ///< Whether a systemd user manager runs (unknown until it answered).

    QComboBox *m_location;
    QLabel *m_noLocation;
    QCheckBox *m_enabled;
    QWidget *m_body;
    QComboBox *m_whenKind;
    QStackedWidget *m_whenStack;
    QSpinBox *m_everyHours;
    QTimeEdit *m_dailyAt;
    QComboBox *m_weekday;
    QTimeEdit *m_weeklyAt;
    QLineEdit *m_calendar;
    QLabel *m_nextRun;
    QSpinBox *m_retries;
    QSpinBox *m_retryDelay;
    QCheckBox *m_prune;
    QLabel *m_prunePolicy;
    QSpinBox *m_verifyEvery;
    QCheckBox *m_verifyWeekly;
    QSpinBox *m_drillEvery;
    QCheckBox *m_drillWeekly;
    QSpinBox *m_overdue;
    QCheckBox *m_desktop;
    QLineEdit *m_webhook;
    QComboBox *m_webhookFormat;
    QLineEdit *m_metricsFile;
    QLabel *m_lastRun;
    QLabel *m_mode;
    QLabel *m_tokenFile;
    QLabel *m_databases;
    QTimer *m_previewTimer;
};

} // namespace tidemark::ui
