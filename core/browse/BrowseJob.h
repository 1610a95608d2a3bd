#pragma once

#include "browse/ChainBrowser.h"
#include "common/Job.h"

namespace tidemark {

/// ChainBrowser::browse as a Job (`tidemark-cli ls`, and any front end that lists a chain's
/// contents): progress in bytes read of the links it needs; cancel() stops it within a fraction
/// of a second and its scratch directory goes with it; contents() holds the tree.
class BrowseJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(BrowseJob)

public:
    explicit BrowseJob(ChainBrowser::Options options, QObject *parent = nullptr);
    ~BrowseJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const ChainBrowser::Options &options() const { return m_options; }
    /// What the last run found; valid once finished() was emitted with code Ok.
    [[nodiscard]] const ChainContents &contents() const { return m_contents; }

protected:
    [[nodiscard]] Error execute() override;

private:
    ChainBrowser::Options m_options;
    ChainContents m_contents;
};

} // namespace tidemark
