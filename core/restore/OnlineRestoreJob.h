#pragma once

#include "common/Job.h"
#include "kinds/ConnectionSettings.h"
#include "restore/OnlineImporter.h"

#include <QMetaType>

#include <optional>

namespace tidemark {

/// A selective restore into a running node as a Job, for every kind: opens the chain (local or
/// S3, decrypting an encrypted one with the secrets ChainSecrets holds), takes its links up to
/// `upto`, and hands the work to the chain's kind (NodeKind::of(kind).onlineImporter()).
///
/// Two phases, as the offline restore: a job made without a plan only plans (reads the chain and
/// asks the node; changes nothing anywhere): plan() is its result. A job made with a plan (the one
/// a planning job gave, shown to the user) imports it. cancel() during the import leaves the node
/// as it was (the node discards what it received; nothing became visible).
class OnlineRestoreJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(OnlineRestoreJob)

public:
    struct Options {
        QString chain;           ///< The chain's location (path or s3://…).
        std::optional<int> upto; ///< The newest link taken (-1: the full snapshot); none: all.
        OnlineRestoreRequest request;
        ConnectionSettings settings; ///< The target node; its kind is set from the chain's.
        qint64 limitRate = 0;        ///< Bytes per second read from the chain; 0: no limit.
    };

    /// Plans only.
    explicit OnlineRestoreJob(Options options, QObject *parent = nullptr);
    /// Imports `plan`.
    OnlineRestoreJob(Options options, OnlineRestorePlan plan, QObject *parent = nullptr);
    ~OnlineRestoreJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const Options &options() const { return m_options; }
    /// Whether the job imports (made with a plan), rather than only planning.
    [[nodiscard]] bool imports() const { return m_import; }
    /// The plan: made by a planning job once finished() was emitted, or the one given.
    [[nodiscard]] const OnlineRestorePlan &plan() const { return m_plan; }

protected:
    [[nodiscard]] Error execute() override;

private:
    Options m_options;
    OnlineRestorePlan m_plan;
    bool m_import = false;
};

} // namespace tidemark
