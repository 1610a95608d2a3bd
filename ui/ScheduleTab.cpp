#include "ScheduleTab.h"

#include "kinds/NodeKind.h"
#include "schedule/SystemdUnits.h"

#include "ScheduleSetup.h"
#include "Units.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyle>
#include <QTimeEdit>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace tidemark::ui {

namespace {

using Draft = ScheduleTab::Draft;

constexpr int kKinds[] = {static_cast<int>(ScheduleWhen::Kind::Every), static_cast<int>(ScheduleWhen::Kind::Daily),
                          static_cast<int>(ScheduleWhen::Kind::Weekly), static_cast<int>(ScheduleWhen::Kind::Calendar)};

int ceilDiv(qint64 value, qint64 by)
{
    return static_cast<int>((value + by - 1) / by);
}

Draft draftOf(const Schedule &schedule, const ScheduleState &state)
{
    Draft d;
    d.name = schedule.name;
    d.onDisk = schedule;
    d.state = state;
    d.enabled = true;
    d.whenKind = schedule.when.kind;
    if (schedule.when.kind == ScheduleWhen::Kind::Every)
        d.everyHours = schedule.when.hours;
    d.at = schedule.when.at;
    d.weekday = schedule.when.weekday;
    d.calendar = schedule.when.calendar;
    d.retries = schedule.retries;
    d.retryDelayMinutes = ceilDiv(schedule.retryDelaySeconds, 60);
    d.prune = schedule.prune.has_value();
    d.verifyEvery = schedule.verifyEvery;
    d.verifyWeekly = schedule.verifyWeekly;
    d.drillEvery = schedule.drillEvery;
    d.drillWeekly = schedule.drillWeekly;
    d.overdueHours = ceilDiv(schedule.overdueSeconds, 3600);
    d.desktop = schedule.desktop;
    d.webhook = schedule.webhook;
    d.webhookFormat = schedule.webhookFormat;
    d.metricsFile = schedule.metricsFile;
    return d;
}

/// The when as edited, through ScheduleWhen's factories (a calendar expression asks systemd-analyze).
Result<ScheduleWhen> whenOf(const Draft &d)
{
    switch (d.whenKind) {
    case ScheduleWhen::Kind::Every:
        return ScheduleWhen::every(QString::number(d.everyHours));
    case ScheduleWhen::Kind::Daily:
        return ScheduleWhen::daily(d.at.toString(QStringLiteral("HH:mm")));
    case ScheduleWhen::Kind::Weekly: {
        static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        return ScheduleWhen::weekly(QLatin1String(days[std::clamp(d.weekday, 1, 7) - 1]) + QLatin1Char(' ') +
                                    d.at.toString(QStringLiteral("HH:mm")));
    }
    case ScheduleWhen::Kind::Calendar:
        break;
    }
    return ScheduleWhen::fromCalendar(d.calendar);
}

/// The schedule of `node`'s backups into `location` as `d` says; fields the tab does not show are
/// kept from the definition on disk (compression, secrets' files).
Schedule scheduleOf(const NodeEntry &node, const QString &location, const Draft &d, const ScheduleWhen &when,
                    const std::optional<S3Location> &s3)
{
    Schedule s = d.onDisk.value_or(Schedule{});
    s.name = d.name;
    const NodeKind &kind = NodeKind::of(node.kind);
    s.host = node.host;
    s.kind = Manifest::kindName(node.kind);
    s.tls = kind.usesTls() && node.tls.enabled;
    s.tlsCa = s.tls ? node.tls.caFile : QString();
    s.chain = location;
    s.maxLinks = node.maxLinks;
    if (s3) {
        s.s3Endpoint = s3->endpoint;
        s.s3Region = s3->region;
        s.s3PathStyle = s3->pathStyle;
    }
    s.when = when;
    s.retries = d.retries;
    // A value the hours or minutes of the form cannot show stays as it was.
    if (!d.onDisk || ceilDiv(d.onDisk->retryDelaySeconds, 60) != d.retryDelayMinutes)
        s.retryDelaySeconds = qint64{d.retryDelayMinutes} * 60;
    if (d.prune && !node.retention.isEmpty())
        s.prune = node.retention;
    else
        s.prune.reset();
    s.verifyEvery = d.verifyEvery;
    s.verifyWeekly = d.verifyWeekly;
    s.drillEvery = d.drillEvery;
    s.drillWeekly = d.drillWeekly;
    if (!d.onDisk || ceilDiv(d.onDisk->overdueSeconds, 3600) != d.overdueHours)
        s.overdueSeconds = qint64{d.overdueHours} * 3600;
    s.desktop = d.desktop;
    s.webhook = d.webhook.trimmed();
    s.webhookFormat = d.webhookFormat;
    s.metricsFile = d.metricsFile.trimmed();
    return s;
}

struct ReadOutcome {
    QHash<QString, Draft> drafts;
};

/// Each location's schedule: the one named in the settings, else one of the user's whose chain it is.
ReadOutcome readSchedules(const QStringList &locations, const QHash<QString, QString> &names, Draft fresh)
{
    const ScheduleStore store(ScheduleScope::User);
    std::optional<ScheduleStore::Listing> listing;
    ReadOutcome out;
    for (const QString &location : locations) {
        Draft d = fresh;
        const QString name = names.value(location);
        if (!name.isEmpty()) {
            d.name = name;
            auto loaded = store.load(name);
            if (loaded) {
                d = draftOf(loaded.value(), store.state(name));
            } else if (loaded.error().code != ErrorCode::NotFound) {
                d.broken = loaded.error().message;
            }
        } else {
            if (!listing)
                listing = store.list();
            for (const Schedule &s : listing->schedules) {
                if (s.chain == location) {
                    d = draftOf(s, store.state(s.name));
                    break;
                }
            }
        }
        out.drafts.insert(location, d);
    }
    return out;
}

struct Preview {
    QString text;
    bool ok = false;
    qint64 defaultOverdue = 0;
};

Preview previewOf(const Draft &d)
{
    auto when = whenOf(d);
    if (!when)
        return {when.error().message, false, 0};
    auto next = when->nextAfter(QDateTime::currentDateTime());
    if (!next)
        return {next.error().message, false, 0};
    Schedule s;
    s.when = when.value();
    const QDateTime now = QDateTime::currentDateTime();
    const qint64 in = now.secsTo(next.value());
    return {ScheduleTab::tr("%1 (in %2); %3")
                .arg(QLocale().toString(next.value(), QStringLiteral("ddd yyyy-MM-dd HH:mm")), Units::duration(in),
                     when->describe()),
            true, s.overdueAfter()};
}

struct ApplyJob {
    QString location;
    Draft draft;
};

struct ApplyOutcome {
    bool ok = true;
    QStringList messages;
    QHash<QString, QString> names; ///< By location: the schedule written (empty: removed).
};

ApplyOutcome applySchedules(const NodeEntry &node, const QByteArray &token, const std::vector<ApplyJob> &jobs,
                            const QHash<QString, S3Location> &s3, QFuture<bool> manager)
{
    ApplyOutcome out;
    const bool managerRuns = manager.result();
    // Every form first: nothing is written while one of them does not make a schedule.
    std::vector<std::pair<QString, Schedule>> schedules;
    for (const ApplyJob &job : jobs) {
        if (!job.draft.enabled)
            continue;
        auto when = whenOf(job.draft);
        if (!when) {
            out.ok = false;
            out.messages << ScheduleTab::tr("Schedule of %1: %2").arg(job.location, when.error().message);
            return out;
        }
        const auto it = s3.constFind(job.location);
        Schedule s = scheduleOf(node, job.location, job.draft, when.value(),
                                it == s3.cend() ? std::nullopt : std::optional<S3Location>(*it));
        if (Status valid = s.validate(); !valid) {
            out.ok = false;
            out.messages << ScheduleTab::tr("Schedule of %1: %2").arg(job.location, valid.error().message);
            return out;
        }
        schedules.emplace_back(job.location, std::move(s));
    }
    const QByteArray nodeToken = NodeKind::of(node.kind).usesAuthToken() ? token : QByteArray();
    for (const auto &[location, schedule] : schedules) {
        auto applied = ScheduleSetup::apply(schedule, nodeToken, managerRuns);
        if (!applied) {
            out.ok = false;
            out.messages << applied.error().toString();
            return out;
        }
        out.names.insert(location, schedule.name);
        if (applied->changed)
            out.messages << applied->message;
    }
    for (const ApplyJob &job : jobs) {
        if (job.draft.enabled || !job.draft.onDisk)
            continue;
        if (Status removed = ScheduleSetup::remove(job.draft.name, managerRuns); !removed) {
            out.ok = false;
            out.messages << removed.error().toString();
            return out;
        }
        out.names.insert(job.location, QString());
        out.messages << ScheduleTab::tr("Schedule %1 removed (%2).").arg(job.draft.name, job.location);
    }
    return out;
}

QLabel *noteLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = label->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    label->setFont(small);
    return label;
}

} // namespace

ScheduleTab::ScheduleTab(QWidget *parent)
    : QWidget(parent), m_location(new QComboBox(this)), m_noLocation(new QLabel(this)),
      m_enabled(new QCheckBox(tr("&Back up this location on a schedule"), this)), m_body(new QWidget(this)),
      m_whenKind(new QComboBox(m_body)), m_whenStack(new QStackedWidget(m_body)), m_everyHours(new QSpinBox(m_body)),
      m_dailyAt(new QTimeEdit(m_body)), m_weekday(new QComboBox(m_body)), m_weeklyAt(new QTimeEdit(m_body)),
      m_calendar(new QLineEdit(m_body)), m_nextRun(new QLabel(m_body)), m_retries(new QSpinBox(m_body)),
      m_retryDelay(new QSpinBox(m_body)), m_prune(new QCheckBox(m_body)), m_prunePolicy(new QLabel(m_body)),
      m_verifyEvery(new QSpinBox(m_body)),
      m_verifyWeekly(new QCheckBox(tr("and when the last verify is a &week old"), m_body)),
      m_drillEvery(new QSpinBox(m_body)),
      m_drillWeekly(new QCheckBox(tr("and when the last drill is a week old"), m_body)),
      m_overdue(new QSpinBox(m_body)),
      m_desktop(new QCheckBox(tr("&Desktop notification when a run fails or the backups are overdue"), m_body)),
      m_webhook(new QLineEdit(m_body)), m_webhookFormat(new QComboBox(m_body)), m_metricsFile(new QLineEdit(m_body)),
      m_lastRun(new QLabel(this)), m_mode(noteLabel(QStringLiteral("schedulerModeLabel"), this)),
      m_tokenFile(noteLabel(QStringLiteral("tokenFileLabel"), this)),
      m_databases(noteLabel(QStringLiteral("databasesNoteLabel"), this)), m_previewTimer(new QTimer(this))
{
    buildUi();
    // Who runs the schedules here: the systemd user manager's timers, or this GUI while it is open.
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_manager = watcher->result();
        m_mode->setText(*m_manager ? tr("The timers of your systemd user manager run this schedule, also while "
                                        "Tidemark is closed (until you log out, unless lingering is on).")
                                   : tr("No systemd user manager runs here: Tidemark itself runs the schedules "
                                        "that are due while it is open (minimised to the tray)."));
    });
    m_mode->setText(tr("Asking whether a systemd user manager runs…"));
    watcher->setFuture(ScheduleSetup::managerRuns());
}

void ScheduleTab::buildUi()
{
    setObjectName(QStringLiteral("scheduleTab"));
    m_location->setObjectName(QStringLiteral("scheduleLocationCombo"));
    m_noLocation->setObjectName(QStringLiteral("noLocationLabel"));
    m_noLocation->setWordWrap(true);
    m_noLocation->setText(tr("This node has no backup location yet. Add one with Add location… in the main window; "
                             "then its backups can run on a schedule here."));
    m_enabled->setObjectName(QStringLiteral("scheduleEnabledCheck"));

    m_whenKind->setObjectName(QStringLiteral("whenKindCombo"));
    m_whenKind->addItem(tr("Every N hours"), kKinds[0]);
    m_whenKind->addItem(tr("Daily"), kKinds[1]);
    m_whenKind->addItem(tr("Weekly"), kKinds[2]);
    m_whenKind->addItem(tr("Calendar expression"), kKinds[3]);
    m_everyHours->setObjectName(QStringLiteral("everyHoursSpin"));
    m_everyHours->setRange(1, 24);
    m_everyHours->setPrefix(tr("every "));
    m_everyHours->setSuffix(tr(" h, from midnight"));
    m_dailyAt->setObjectName(QStringLiteral("dailyTimeEdit"));
    m_weeklyAt->setObjectName(QStringLiteral("weeklyTimeEdit"));
    for (QTimeEdit *edit : {m_dailyAt, m_weeklyAt})
        edit->setDisplayFormat(QStringLiteral("HH:mm"));
    m_weekday->setObjectName(QStringLiteral("weekdayCombo"));
    for (int day = 1; day <= 7; ++day)
        m_weekday->addItem(QLocale().dayName(day, QLocale::LongFormat), day);
    m_calendar->setObjectName(QStringLiteral("calendarEdit"));
    m_calendar->setPlaceholderText(tr("e.g. Mon..Fri *-*-* 02:00 (man 7 systemd.time)"));
    const auto page = [this](std::initializer_list<QWidget *> widgets) {
        auto *w = new QWidget(m_whenStack);
        auto *row = new QHBoxLayout(w);
        row->setContentsMargins(0, 0, 0, 0);
        for (QWidget *widget : widgets) {
            widget->setParent(w);
            row->addWidget(widget, widget == m_calendar ? 1 : 0);
        }
        if (std::none_of(widgets.begin(), widgets.end(), [this](QWidget *x) { return x == m_calendar; }))
            row->addStretch(1);
        m_whenStack->addWidget(w);
    };
    page({m_everyHours});
    page({m_dailyAt});
    page({m_weekday, m_weeklyAt});
    page({m_calendar});
    m_nextRun->setObjectName(QStringLiteral("nextRunLabel"));
    m_nextRun->setWordWrap(true);
    m_retries->setObjectName(QStringLiteral("scheduleRetriesSpin"));
    m_retries->setRange(0, 20);
    m_retries->setSpecialValueText(tr("none"));
    m_retries->setToolTip(tr("How many times a failed backup runs again, waiting the delay between runs."));
    m_retryDelay->setObjectName(QStringLiteral("retryDelaySpin"));
    m_retryDelay->setRange(0, 24 * 60);
    m_retryDelay->setPrefix(tr("after "));
    m_retryDelay->setSuffix(tr(" min"));

    m_prune->setObjectName(QStringLiteral("pruneCheck"));
    m_prune->setText(tr("&Prune the location with the node's retention policy"));
    m_prunePolicy->setObjectName(QStringLiteral("prunePolicyLabel"));
    m_prunePolicy->setWordWrap(true);
    m_prunePolicy->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_prunePolicy->setIndent(m_prune->style()->pixelMetric(QStyle::PM_IndicatorWidth) +
                             m_prune->style()->pixelMetric(QStyle::PM_CheckBoxLabelSpacing));
    m_verifyEvery->setObjectName(QStringLiteral("verifyEverySpin"));
    m_verifyEvery->setRange(0, 10000);
    m_verifyEvery->setSpecialValueText(tr("not by count"));
    m_verifyEvery->setPrefix(tr("every "));
    m_verifyEvery->setSuffix(tr(" good backups"));
    m_verifyWeekly->setObjectName(QStringLiteral("verifyWeeklyCheck"));
    m_drillEvery->setObjectName(QStringLiteral("drillEverySpin"));
    m_drillEvery->setRange(0, 10000);
    m_drillEvery->setSpecialValueText(tr("not by count"));
    m_drillEvery->setPrefix(tr("every "));
    m_drillEvery->setSuffix(tr(" good backups"));
    m_drillWeekly->setObjectName(QStringLiteral("drillWeeklyCheck"));
    m_drillWeekly->setToolTip(tr("A restore drill (tidemark-cli drill): the chain restored into a scratch directory, "
                                 "a node started on it and every database checked, then everything removed."));

    m_overdue->setObjectName(QStringLiteral("overdueSpin"));
    m_overdue->setRange(0, 24 * 365);
    m_overdue->setSuffix(tr(" h"));
    // As wide as the default a weekly schedule shows (the preview sets the real one).
    m_overdue->setSpecialValueText(tr("default: %1 h").arg(2 * 168 + 1));
    m_overdue->setToolTip(tr("Alert when the newest good backup is older than this."));
    m_desktop->setObjectName(QStringLiteral("desktopCheck"));
    m_webhook->setObjectName(QStringLiteral("webhookEdit"));
    m_webhook->setPlaceholderText(tr("optional: https://ntfy.example/backups"));
    m_webhookFormat->setObjectName(QStringLiteral("webhookFormatCombo"));
    m_webhookFormat->addItem(tr("JSON"), QStringLiteral("json"));
    m_webhookFormat->addItem(tr("Alertmanager"), QStringLiteral("alertmanager"));
    m_metricsFile->setObjectName(QStringLiteral("metricsFileEdit"));
    m_metricsFile->setPlaceholderText(tr("optional: /var/lib/prometheus/node-exporter/tidemark.prom"));
    m_metricsFile->setToolTip(tr("A Prometheus text file (node_exporter's textfile collector) written after each "
                                 "run: the last result, the newest good backup and its size."));
    m_lastRun->setObjectName(QStringLiteral("lastRunLabel"));
    m_lastRun->setWordWrap(true);
    m_lastRun->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *when = new QGroupBox(tr("When"), m_body);
    auto *whenForm = new QFormLayout(when);
    auto *whenRow = new QHBoxLayout;
    whenRow->addWidget(m_whenKind);
    whenRow->addWidget(m_whenStack, 1);
    whenForm->addRow(tr("&Runs:"), whenRow);
    whenForm->addRow(tr("Next run:"), m_nextRun);
    auto *retryRow = new QHBoxLayout;
    retryRow->addWidget(m_retries);
    retryRow->addWidget(m_retryDelay);
    retryRow->addStretch(1);
    whenForm->addRow(tr("Re&tries of a failed backup:"), retryRow);
    if (auto *label = qobject_cast<QLabel *>(whenForm->labelForField(whenRow)))
        label->setBuddy(m_whenKind);
    if (auto *label = qobject_cast<QLabel *>(whenForm->labelForField(retryRow)))
        label->setBuddy(m_retries);

    auto *after = new QGroupBox(tr("After each good backup"), m_body);
    auto *afterForm = new QFormLayout(after);
    afterForm->addRow(m_prune);
    afterForm->addRow(m_prunePolicy);
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addWidget(m_verifyEvery);
    verifyRow->addWidget(m_verifyWeekly, 1);
    afterForm->addRow(tr("&Verify the chain:"), verifyRow);
    if (auto *label = qobject_cast<QLabel *>(afterForm->labelForField(verifyRow)))
        label->setBuddy(m_verifyEvery);
    auto *drillRow = new QHBoxLayout;
    drillRow->addWidget(m_drillEvery);
    drillRow->addWidget(m_drillWeekly, 1);
    afterForm->addRow(tr("Restore dr&ill:"), drillRow);
    if (auto *label = qobject_cast<QLabel *>(afterForm->labelForField(drillRow)))
        label->setBuddy(m_drillEvery);

    auto *alerts = new QGroupBox(tr("Alerts"), m_body);
    auto *alertsForm = new QFormLayout(alerts);
    auto *overdueRow = new QHBoxLayout;
    overdueRow->addWidget(m_overdue);
    overdueRow->addWidget(new QLabel(tr("without a good backup"), alerts), 1);
    alertsForm->addRow(tr("&Overdue after:"), overdueRow);
    if (auto *label = qobject_cast<QLabel *>(alertsForm->labelForField(overdueRow)))
        label->setBuddy(m_overdue);
    alertsForm->addRow(m_desktop);
    auto *webhookRow = new QHBoxLayout;
    webhookRow->addWidget(m_webhook, 1);
    webhookRow->addWidget(m_webhookFormat);
    alertsForm->addRow(tr("&Webhook:"), webhookRow);
    if (auto *label = qobject_cast<QLabel *>(alertsForm->labelForField(webhookRow)))
        label->setBuddy(m_webhook);
    alertsForm->addRow(tr("&Metrics file:"), m_metricsFile);

    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    body->addWidget(when);
    body->addWidget(after);
    body->addWidget(alerts);
    body->addWidget(m_lastRun);

    auto *layout = new QVBoxLayout(this);
    auto *locationRow = new QHBoxLayout;
    auto *locationLabel = new QLabel(tr("&Location:"), this);
    locationLabel->setBuddy(m_location);
    locationRow->addWidget(locationLabel);
    locationRow->addWidget(m_location, 1);
    layout->addLayout(locationRow);
    layout->addWidget(m_noLocation);
    layout->addWidget(m_enabled);
    layout->addWidget(m_body);
    layout->addWidget(m_mode);
    layout->addWidget(m_tokenFile);
    layout->addWidget(m_databases);
    layout->addStretch(1);

    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(300);
    connect(m_previewTimer, &QTimer::timeout, this, &ScheduleTab::previewNextRun);
    connect(m_location, &QComboBox::currentIndexChanged, this, [this] {
        if (m_showing)
            return;
        storeDraft();
        showDraft(m_location->currentData().toString());
    });
    const auto edited = [this] {
        if (m_showing)
            return;
        storeDraft();
        updateEnabled();
        Q_EMIT validityChanged();
    };
    const auto whenEdited = [this, edited] {
        if (m_showing)
            return;
        edited();
        updateWhenRows();
        m_previewTimer->start();
    };
    connect(m_enabled, &QCheckBox::toggled, this, [this, whenEdited] {
        whenEdited();
        updateTokenLabel();
        showState(m_drafts.value(m_current));
    });
    connect(m_whenKind, &QComboBox::currentIndexChanged, this, whenEdited);
    connect(m_everyHours, &QSpinBox::valueChanged, this, whenEdited);
    // The weekly page shares the time of day with the daily one.
    connect(m_dailyAt, &QTimeEdit::timeChanged, this, [this, whenEdited](QTime time) {
        const QSignalBlocker blocker(m_weeklyAt);
        m_weeklyAt->setTime(time);
        whenEdited();
    });
    connect(m_weeklyAt, &QTimeEdit::timeChanged, this, [this, whenEdited](QTime time) {
        const QSignalBlocker blocker(m_dailyAt);
        m_dailyAt->setTime(time);
        whenEdited();
    });
    connect(m_weekday, &QComboBox::currentIndexChanged, this, whenEdited);
    connect(m_calendar, &QLineEdit::textChanged, this, whenEdited);
    for (QSpinBox *spin : {m_retries, m_retryDelay, m_verifyEvery, m_drillEvery, m_overdue})
        connect(spin, &QSpinBox::valueChanged, this, edited);
    for (QCheckBox *check : {m_prune, m_verifyWeekly, m_drillWeekly, m_desktop})
        connect(check, &QCheckBox::toggled, this, edited);
    for (QLineEdit *edit : {m_webhook, m_metricsFile})
        connect(edit, &QLineEdit::textChanged, this, edited);
    connect(m_webhookFormat, &QComboBox::currentIndexChanged, this, edited);
    setNode({});
}

void ScheduleTab::setNode(const NodeEntry &entry)
{
    m_node = entry;
    ++m_readGeneration; // a read of another node's schedules still going on is dropped
    m_drafts.clear();
    m_current.clear();
    {
        m_showing = true;
        m_location->clear();
        for (const QString &location : entry.locations)
            m_location->addItem(QDir::toNativeSeparators(location), location);
        m_showing = false;
    }
    // A definition names no databases (tidemark-cli schedule add has no such option).
    const bool chosen = NodeKind::of(entry.kind).backsUpChosenDatabases() && !entry.databases.isEmpty();
    m_databases->setVisible(chosen);
    m_databases->setText(chosen ? tr("A scheduled backup takes every database of the node, not only %1.")
                                      .arg(entry.databases.join(QStringLiteral(", ")))
                                : QString());
    const bool any = !entry.locations.isEmpty();
    m_location->setEnabled(any);
    m_noLocation->setVisible(!any);
    m_enabled->setVisible(any);
    m_body->setVisible(any);
    m_enabled->setEnabled(false);
    m_body->setEnabled(false);
    if (!any) {
        m_reading = false;
        return;
    }
    // New schedules prune with the node's policy when it has one.
    Draft fresh;
    fresh.prune = !entry.retention.isEmpty();
    const QHash<QString, QString> names = NodeStore::scheduleNames(entry.id, entry.locations);
    if (names.isEmpty() && QDir(ScheduleStore(ScheduleScope::User).definitionsDir())
                               .entryList({QStringLiteral("*.toml")}, QDir::Files)
                               .isEmpty()) {
        // No schedule anywhere (a directory listing tells): nothing to read.
        for (const QString &location : entry.locations)
            m_drafts.insert(location, fresh);
        m_showing = true;
        m_location->setCurrentIndex(m_location->count() - 1);
        m_showing = false;
        showDraft(entry.locations.constLast());
        Q_EMIT readFinished();
        Q_EMIT validityChanged();
        return;
    }
    m_reading = true;
    const int generation = ++m_readGeneration;
    m_lastRun->setText(tr("Reading the schedules…"));
    auto *watcher = new QFutureWatcher<ReadOutcome>(this);
    connect(watcher, &QFutureWatcher<ReadOutcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_readGeneration)
            return;
        m_drafts = watcher->result().drafts;
        m_reading = false;
        // The location with a schedule first, else the newest.
        QString show = m_node.locations.constLast();
        for (const QString &location : m_node.locations) {
            if (m_drafts.value(location).enabled) {
                show = location;
                break;
            }
        }
        m_showing = true;
        m_location->setCurrentIndex(m_location->findData(show));
        m_showing = false;
        showDraft(show);
        Q_EMIT readFinished();
        Q_EMIT validityChanged();
    });
    watcher->setFuture(QtConcurrent::run(readSchedules, entry.locations, names, fresh));
}

void ScheduleTab::setUsesToken(bool uses)
{
    m_usesToken = uses;
    updateTokenLabel();
}

void ScheduleTab::selectLocation(const QString &location)
{
    const int index = m_location->findData(location);
    if (index >= 0)
        m_location->setCurrentIndex(index);
}

QString ScheduleTab::scheduleName(const QString &location) const
{
    return m_drafts.value(location).name;
}

void ScheduleTab::showDraft(const QString &location)
{
    m_current = location;
    const Draft d = m_drafts.value(location);
    m_showing = true;
    m_enabled->setChecked(d.enabled);
    m_whenKind->setCurrentIndex(m_whenKind->findData(static_cast<int>(d.whenKind)));
    m_everyHours->setValue(d.everyHours);
    m_dailyAt->setTime(d.at);
    m_weeklyAt->setTime(d.at);
    m_weekday->setCurrentIndex(m_weekday->findData(d.weekday));
    m_calendar->setText(d.calendar);
    m_retries->setValue(d.retries);
    m_retryDelay->setValue(d.retryDelayMinutes);
    m_prune->setChecked(d.prune && !m_node.retention.isEmpty());
    m_verifyEvery->setValue(d.verifyEvery);
    m_verifyWeekly->setChecked(d.verifyWeekly);
    m_drillEvery->setValue(d.drillEvery);
    m_drillWeekly->setChecked(d.drillWeekly);
    m_overdue->setValue(d.overdueHours);
    m_desktop->setChecked(d.desktop);
    m_webhook->setText(d.webhook);
    m_webhookFormat->setCurrentIndex(std::max(0, m_webhookFormat->findData(d.webhookFormat)));
    m_metricsFile->setText(d.metricsFile);
    m_showing = false;
    m_prunePolicy->setText(m_node.retention.isEmpty()
                               ? tr("This node has no retention policy yet: Retention… → Save as this node's policy.")
                               : m_node.retention.describe());
    showState(d);
    updateWhenRows();
    updateEnabled();
    updateTokenLabel();
    previewNextRun();
}

void ScheduleTab::storeDraft()
{
    if (m_current.isEmpty() || m_reading)
        return;
    Draft &d = m_drafts[m_current];
    d.enabled = m_enabled->isChecked();
    d.whenKind = static_cast<ScheduleWhen::Kind>(m_whenKind->currentData().toInt());
    d.everyHours = m_everyHours->value();
    d.at = d.whenKind == ScheduleWhen::Kind::Weekly ? m_weeklyAt->time() : m_dailyAt->time();
    d.weekday = m_weekday->currentData().toInt();
    d.calendar = m_calendar->text().simplified();
    d.retries = m_retries->value();
    d.retryDelayMinutes = m_retryDelay->value();
    if (m_prune->isEnabled())
        d.prune = m_prune->isChecked();
    d.verifyEvery = m_verifyEvery->value();
    d.verifyWeekly = m_verifyWeekly->isChecked();
    d.drillEvery = m_drillEvery->value();
    d.drillWeekly = m_drillWeekly->isChecked();
    d.overdueHours = m_overdue->value();
    d.desktop = m_desktop->isChecked();
    d.webhook = m_webhook->text().trimmed();
    d.webhookFormat = m_webhookFormat->currentData().toString();
    d.metricsFile = m_metricsFile->text().trimmed();
}

void ScheduleTab::updateEnabled()
{
    const bool ready = !m_reading && !m_applying && !m_current.isEmpty();
    m_location->setEnabled(!m_applying && m_location->count() > 0);
    m_enabled->setEnabled(ready);
    m_body->setEnabled(ready && m_enabled->isChecked());
    m_prune->setEnabled(ready && m_enabled->isChecked() && !m_node.retention.isEmpty());
    m_webhookFormat->setEnabled(ready && m_enabled->isChecked() && !m_webhook->text().trimmed().isEmpty());
}

void ScheduleTab::updateWhenRows()
{
    m_whenStack->setCurrentIndex(std::max(0, m_whenKind->currentIndex()));
}

void ScheduleTab::previewNextRun()
{
    if (m_current.isEmpty() || m_reading)
        return;
    const Draft d = m_drafts.value(m_current);
    if (!d.enabled) {
        m_nextRun->clear();
        return;
    }
    if (d.whenKind == ScheduleWhen::Kind::Calendar && d.calendar.isEmpty()) {
        m_nextRun->setText(tr("Write a calendar expression."));
        return;
    }
    const int generation = ++m_previewGeneration;
    auto *watcher = new QFutureWatcher<Preview>(this);
    connect(watcher, &QFutureWatcher<Preview>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_previewGeneration)
            return;
        const Preview preview = watcher->result();
        m_nextRun->setText(preview.text);
        m_nextRun->setStyleSheet(preview.ok ? QString() : QStringLiteral("color: #b00020"));
        if (preview.ok)
            m_overdue->setSpecialValueText(tr("default: %1 h").arg(ceilDiv(preview.defaultOverdue, 3600)));
    });
    watcher->setFuture(QtConcurrent::run(previewOf, d));
}

void ScheduleTab::showState(const Draft &d)
{
    if (!d.broken.isEmpty()) {
        m_lastRun->setText(tr("The definition of %1 does not read: %2 Saving replaces it.").arg(d.name, d.broken));
        return;
    }
    if (!d.onDisk) {
        m_lastRun->setText(d.enabled ? tr("OK saves this schedule.") : tr("No schedule for this location yet."));
        return;
    }
    const ScheduleState &s = d.state;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString text = tr("Schedule %1.").arg(d.name) + QLatin1Char(' ');
    if (s.lastCode < 0 || !s.lastEnd.isValid())
        text += tr("It has not run yet.");
    else if (s.lastCode == 0)
        text += tr("Last run ✔ %1 (%2): %3").arg(Units::dateTime(s.lastEnd), Units::age(s.lastEnd, now), s.lastMessage);
    else
        text += tr("Last run ✖ failed %1 (%2): %3")
                    .arg(Units::dateTime(s.lastEnd), Units::age(s.lastEnd, now), s.lastMessage);
    m_lastRun->setText(text);
}

void ScheduleTab::updateTokenLabel()
{
    const bool show = m_usesToken && NodeKind::of(m_node.kind).usesAuthToken() && m_enabled->isChecked();
    m_tokenFile->setVisible(show);
    if (!show)
        return;
    // A new schedule's name as apply() will most likely choose it.
    QString name = m_drafts.value(m_current).name;
    if (name.isEmpty())
        name = ScheduleSetup::suggestName(m_node.name, m_current, {});
    m_tokenFile->setText(
        tr("A timer cannot read the keyring: the node's auth token is written to %1, readable by you only.")
            .arg(QDir::toNativeSeparators(ScheduleSetup::tokenFilePath(name))));
}

QString ScheduleTab::problem() const
{
    if (m_reading)
        return {};
    for (auto it = m_drafts.cbegin(); it != m_drafts.cend(); ++it) {
        const Draft &d = it.value();
        if (!d.enabled)
            continue;
        if (d.whenKind == ScheduleWhen::Kind::Calendar && d.calendar.isEmpty())
            return tr("Schedule of %1: write a calendar expression, e.g. Mon..Fri *-*-* 02:00.").arg(it.key());
        // What core checks besides the time (checked when saved): webhook, metrics file, max links.
        Draft checked = d;
        checked.name = QStringLiteral("check");
        Schedule s = scheduleOf(m_node, it.key(), checked, ScheduleWhen{}, std::nullopt);
        if (Status valid = s.validate(); !valid)
            return tr("Schedule of %1: %2").arg(it.key(), valid.error().message);
    }
    return {};
}

void ScheduleTab::apply(const NodeEntry &node, const QByteArray &token)
{
    storeDraft();
    std::vector<ApplyJob> jobs;
    QStringList taken;
    for (auto it = m_drafts.cbegin(); it != m_drafts.cend(); ++it) {
        if (!it->name.isEmpty())
            taken << it->name;
    }
    // A new name is unique among the definitions' file names (a directory listing, no TOML read).
    taken << QDir(ScheduleStore(ScheduleScope::User).definitionsDir())
                 .entryList({QStringLiteral("*.toml")}, QDir::Files)
                 .replaceInStrings(QStringLiteral(".toml"), QString());
    for (const QString &location : node.locations) {
        auto it = m_drafts.find(location);
        if (it == m_drafts.end() || (!it->enabled && !it->onDisk))
            continue;
        if (it->name.isEmpty()) {
            it->name = ScheduleSetup::suggestName(node.name, location, taken);
            taken << it->name;
        }
        jobs.push_back({location, *it});
    }
    if (jobs.empty()) {
        Q_EMIT applied(true, {});
        return;
    }
    m_applying = true;
    updateEnabled();
    auto *watcher = new QFutureWatcher<ApplyOutcome>(this);
    connect(watcher, &QFutureWatcher<ApplyOutcome>::finished, this, [this, watcher, id = node.id] {
        watcher->deleteLater();
        m_applying = false;
        const ApplyOutcome out = watcher->result();
        for (auto it = out.names.cbegin(); it != out.names.cend(); ++it) {
            NodeStore::setScheduleName(id, it.key(), it.value());
            auto draft = m_drafts.find(it.key());
            if (draft != m_drafts.end() && it.value().isEmpty())
                draft->onDisk.reset();
        }
        updateEnabled();
        updateTokenLabel();
        Q_EMIT applied(out.ok, out.messages);
    });
    watcher->setFuture(
        QtConcurrent::run(applySchedules, node, token, std::move(jobs), m_s3, ScheduleSetup::managerRuns()));
}

} // namespace tidemark::ui
