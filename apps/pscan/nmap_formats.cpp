// nmap's XML and greppable formats.
#include "nmap_formats.h"

#include <Poco/SAX/AttributesImpl.h>
#include <Poco/XML/XMLWriter.h>

#include <ctime>

namespace wirekit::pscan {

namespace {

std::string ctimeOf(std::int64_t seconds) {
    const time_t t = static_cast<time_t>(seconds);
    tm local{};
    localtime_r(&t, &local);
    char text[64];
    std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &local);
    return text;
}

/// Writes <name a="b" ...> through POCO's XML writer, which escapes.
class Element {
public:
    Element(Poco::XML::XMLWriter& writer, const std::string& name,
            std::initializer_list<std::pair<const char*, std::string>> attributes, bool empty = false)
        : writer_(writer), name_(name), empty_(empty) {
        Poco::XML::AttributesImpl list;
        for (const auto& [key, value] : attributes) list.addAttribute("", "", key, "CDATA", value);
        if (empty_)
            writer_.emptyElement("", "", name_, list);
        else
            writer_.startElement("", "", name_, list);
    }
    ~Element() {
        if (!empty_) writer_.endElement("", "", name_);
    }
    Element(const Element&) = delete;
    Element& operator=(const Element&) = delete;

private:
    Poco::XML::XMLWriter& writer_;
    std::string name_;
    bool empty_;
};

}  // namespace

std::string portRanges(const std::vector<std::uint16_t>& ports) {
    std::string text;
    for (std::size_t i = 0; i < ports.size();) {
        std::size_t j = i;
        while (j + 1 < ports.size() && ports[j + 1] == ports[j] + 1) ++j;
        if (!text.empty()) text += ',';
        text += std::to_string(ports[i]);
        if (j > i) text += "-" + std::to_string(ports[j]);
        i = j + 1;
    }
    return text;
}

void writeNmapXml(std::ostream& out, const ScanReport& report, const RunInfo& run, const ServiceNames& services) {
    Poco::XML::XMLWriter writer(out, Poco::XML::XMLWriter::WRITE_XML_DECLARATION | Poco::XML::XMLWriter::PRETTY_PRINT);
    writer.startDocument();
    writer.startDTD("nmaprun", "", "");
    writer.endDTD();
    {
        Element root(writer, "nmaprun",
                     {{"scanner", "pscan"},
                      {"args", run.args},
                      {"start", std::to_string(run.start)},
                      {"startstr", ctimeOf(run.start)},
                      {"version", WIREKIT_VERSION},
                      {"xmloutputversion", "1.05"}});
        Element(writer, "scaninfo",
                {{"type", run.scanType},
                 {"protocol", report.protocol()},
                 {"numservices", std::to_string(run.portCount)},
                 {"services", run.portSpec}},
                true);
        for (const auto& host : report.hostsInOrder()) {
            Element hostElement(writer, "host",
                                {{"starttime", std::to_string(run.start)}, {"endtime", std::to_string(run.end)}});
            Element(writer, "status", {{"state", "up"}, {"reason", "user-set"}, {"reason_ttl", "0"}}, true);
            Element(writer, "address",
                    {{"addr", host.address}, {"addrtype", host.family == AF_INET6 ? "ipv6" : "ipv4"}}, true);
            if (!host.mac.empty()) Element(writer, "address", {{"addr", host.mac}, {"addrtype", "mac"}}, true);
            { Element names(writer, "hostnames", {}); }
            Element ports(writer, "ports", {});
            for (const auto& group : host.notShown) {
                Element extra(writer, "extraports",
                              {{"state", portStateName(group.state)}, {"count", std::to_string(group.count)}});
                Element(writer, "extrareasons", {{"reason", group.reason}, {"count", std::to_string(group.count)}},
                        true);
            }
            for (const auto& port : host.listed) {
                Element portElement(writer, "port",
                                    {{"protocol", port.protocol}, {"portid", std::to_string(port.target.port())}});
                Element(writer, "state",
                        {{"state", portStateName(port.state)},
                         {"reason", port.reason},
                         {"reason_ttl", std::to_string(port.ttl.value_or(0))}},
                        true);
                const std::string service = services(port.target.port(), port.protocol);
                if (!service.empty())
                    Element(writer, "service", {{"name", service}, {"method", "table"}, {"conf", "3"}}, true);
            }
        }
        Element stats(writer, "runstats", {});
        char elapsed[32];
        std::snprintf(elapsed, sizeof elapsed, "%.2f", run.elapsed);
        const std::string hosts = std::to_string(report.hosts());
        Element(writer, "finished",
                {{"time", std::to_string(run.end)},
                 {"timestr", ctimeOf(run.end)},
                 {"elapsed", elapsed},
                 {"summary", "pscan done: " + hosts + " IP address" + (report.hosts() == 1 ? "" : "es") +
                                 " scanned in " + elapsed + " seconds"},
                 {"exit", run.interrupted ? "error" : "success"}},
                true);
        Element(writer, "hosts", {{"up", hosts}, {"down", "0"}, {"total", hosts}}, true);
    }
    writer.endDocument();
}

void writeNmapGrepable(std::ostream& out, const ScanReport& report, const RunInfo& run, const ServiceNames& services) {
    out << "# pscan " WIREKIT_VERSION " scan initiated " << ctimeOf(run.start) << " as: " << run.args << '\n';
    for (const auto& host : report.hostsInOrder()) {
        out << "Host: " << host.address << " ()\tStatus: Up\n";
        out << "Host: " << host.address << " ()\tPorts: ";
        bool first = true;
        for (const auto& port : host.listed) {
            // port/state/protocol/owner/service/rpc info/version/
            out << (first ? "" : ", ") << port.target.port() << '/' << portStateName(port.state) << '/' << port.protocol
                << "//" << services(port.target.port(), port.protocol) << "///";
            first = false;
        }
        std::uint64_t ignored = 0;
        std::string ignoredState;
        for (const auto& group : host.notShown) {
            ignored += group.count;
            ignoredState = portStateName(group.state);
        }
        if (ignored > 0) out << "\tIgnored State: " << ignoredState << " (" << ignored << ")";
        out << '\n';
    }
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%.2f", run.elapsed);
    out << "# pscan done at " << ctimeOf(run.end) << " -- " << report.hosts() << " IP address"
        << (report.hosts() == 1 ? "" : "es") << " (" << report.hosts() << " host" << (report.hosts() == 1 ? "" : "s")
        << " up) scanned in " << elapsed << " seconds\n";
}

}  // namespace wirekit::pscan
