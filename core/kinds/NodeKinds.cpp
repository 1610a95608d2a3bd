// The registry of node kinds: one line per kind.
#include "influx1/Influx1Kind.h"
#include "kinds/NodeKind.h"
#include "tidemark/TidemarkKind.h"

namespace tidemark {

const std::vector<const NodeKind *> &NodeKind::all()
{
    static const TidemarkKind tidemarkKind;
    static const Influx1Kind influx1Kind;
    static const std::vector<const NodeKind *> kinds{&tidemarkKind, &influx1Kind};
    return kinds;
}

const NodeKind &NodeKind::of(Manifest::Kind id)
{
    for (const NodeKind *kind : all()) {
        if (kind->id() == id)
            return *kind;
    }
    return *all().front();
}

const NodeKind *NodeKind::byName(const QString &name)
{
    for (const NodeKind *kind : all()) {
        if (kind->name() == name)
            return kind;
    }
    return nullptr;
}

} // namespace tidemark
