#pragma once

#include "RestoreSession.h"

#include <QWizard>

namespace tidemark::ui {

/// The restore wizard: 1 the chain and how far (`--upto`), verified with a progress bar;
/// 2 the node's config and owner, with every preflight finding and its fix; 3 the plan and an
/// explicit confirmation; 4 progress of each step; 5 the result and what to do next.
/// All work runs in one RestoreSession (preflight and execute on a pool thread).
class RestoreWizard : public QWizard {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreWizard)

public:
    enum PageId { ChainPageId, ConfigPageId, PlanPageId, ProgressPageId, ResultPageId };

    /// `chainPath` preselects a chain (the full snapshot's file); may be empty.
    explicit RestoreWizard(const QString &chainPath, QWidget *parent = nullptr);
    /// A preflight still running is cancelled, finishes on its own and is then deleted, so closing
    /// the wizard never waits for it.
    ~RestoreWizard() override;

    [[nodiscard]] RestoreSession *task() const { return m_task; }
    [[nodiscard]] RestoreEngine::Options &options() { return m_options; }
    /// The kind of node whose chain is restored (set by the chain page): the config page asks
    /// for tidemarkd's config or for an influxdb.conf.
    [[nodiscard]] Manifest::Kind chainKind() const { return m_chainKind; }
    void setChainKind(Manifest::Kind kind) { m_chainKind = kind; }
    [[nodiscard]] const RestorePlan &plan() const { return m_plan; }
    void setPlan(const RestorePlan &plan) { m_plan = plan; }
    [[nodiscard]] const RestoreEngine::Outcome &outcome() const { return m_outcome; }
    /// Called by the progress page when execute() ended; emits restoreFinished().
    void setOutcome(const RestoreEngine::Outcome &outcome);

    void reject() override;

Q_SIGNALS:
    void restoreFinished(bool ok, const QString &message);

private:
    RestoreSession *m_task;
    RestoreEngine::Options m_options;
    Manifest::Kind m_chainKind = Manifest::Kind::Tidemark;
    RestorePlan m_plan;
    RestoreEngine::Outcome m_outcome;
    bool m_rejectWhenDone = false;
};

} // namespace tidemark::ui
