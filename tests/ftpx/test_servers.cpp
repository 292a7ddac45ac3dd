// ftpx against real servers (vsftpd and pyftpdlib, private instances):
// transfers checked by SHA-256 and time, resume after a kill, mirrors both
// ways, explicit and implicit FTPS, netrc logins, the shell on stdin and -b,
// and listings compared with the files on disk.
#include "ftp_servers.h"
#include "prerequisite.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

using namespace wirekit::test;

namespace {

const std::string ftpxBinary = WIREKIT_FTPX;

/// A time in the past with non-zero seconds, recent enough that vsftpd's LIST
/// shows "HH:MM" rather than the year, old enough that no transfer made now
/// could leave it by accident.
const std::time_t past = (std::time(nullptr) - 3 * 86400) / 60 * 60 + 17;

RunResult ftpx(std::vector<std::string> arguments, const ProcessOptions& options = {}) {
    // A silent server fails the test in seconds, not in the default 30.
    arguments.insert(arguments.begin(), {ftpxBinary, "--timeout", "10"});
    return run(arguments, 90, options);
}

std::string describe(const RunResult& result) {
    return "exit " + std::to_string(result.status) + "\nstdout: " + result.out + "\nstderr: " + result.err;
}

std::string randomBytes(std::size_t size, unsigned seed) {
    std::mt19937_64 random(seed);
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; i += 8) {
        const auto word = random();
        for (std::size_t j = 0; j < 8 && i + j < size; ++j) bytes[i + j] = static_cast<char>(word >> (8 * j));
    }
    return bytes;
}

void writeLocal(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) throw std::runtime_error(path + ": cannot write");
}

void setTime(const std::string& path, std::time_t when) {
    const utimbuf times{when, when};
    if (utime(path.c_str(), &times) != 0) throw std::runtime_error(path + ": cannot set its time");
}

bool exists(const std::string& path) {
    struct stat info {};
    return lstat(path.c_str(), &info) == 0;
}

long long sizeOf(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 ? static_cast<long long>(info.st_size) : -1;
}

std::time_t mtimeOf(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 ? info.st_mtime : 0;
}

std::string sha256(const std::string& path) {
    if (!exists(path)) return "(no " + path + ")";
    const auto sum = run({"sha256sum", "-b", path});
    if (sum.status != 0) throw std::runtime_error("sha256sum failed: " + sum.err);
    return sum.out.substr(0, sum.out.find(' '));
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
}

/// The raw value of "key" in a one-line JSON object: a number as written, a
/// string without its quotes (escapes kept), "" when the key is absent.
std::string jsonValue(const std::string& line, const std::string& key) {
    const std::string tag = "\"" + key + "\":";
    auto at = line.find(tag);
    if (at == std::string::npos) return "";
    at += tag.size();
    if (line[at] == '"') {
        std::string value;
        for (++at; at < line.size() && line[at] != '"'; ++at) {
            if (line[at] == '\\' && at + 1 < line.size()) value += line[at++];
            value += line[at];
        }
        return value;
    }
    const auto end = line.find_first_of(",}", at);
    return line.substr(at, end - at);
}

/// The JSON lines of `text` whose "type" is `type`.
std::vector<std::string> jsonLines(const std::string& text, const std::string& type) {
    std::vector<std::string> result;
    for (const auto& line : lines(text))
        if (jsonValue(line, "type") == type) result.push_back(line);
    return result;
}

/// Every entry under `root`: "dir/" for a directory, "path" -> content for a file.
std::map<std::string, std::string> treeOf(const std::string& root, const std::string& prefix = "") {
    std::map<std::string, std::string> tree;
    DIR* directory = opendir((root + "/" + prefix).c_str());
    if (directory == nullptr) return tree;
    while (const dirent* entry = readdir(directory)) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        const std::string relative = prefix.empty() ? name : prefix + "/" + name;
        struct stat info {};
        lstat((root + "/" + relative).c_str(), &info);
        if (S_ISDIR(info.st_mode)) {
            tree[relative + "/"] = "";
            for (auto& [path, content] : treeOf(root, relative)) tree[path] = content;
        } else {
            tree[relative] = readFile(root + "/" + relative);
        }
    }
    closedir(directory);
    return tree;
}

std::set<std::string> namesIn(const std::string& directory) {
    std::set<std::string> names;
    for (const auto& [path, content] : treeOf(directory))
        if (path.find('/') == std::string::npos || path.find('/') == path.size() - 1)
            names.insert(path.back() == '/' ? path.substr(0, path.size() - 1) : path);
    return names;
}

std::string listing(const std::map<std::string, std::string>& tree) {
    std::string text;
    for (const auto& [path, content] : tree) text += path + " (" + std::to_string(content.size()) + " B)\n";
    return text;
}

bool prerequisites() {
    return requirePrerequisite(isExecutable(ftpxBinary), "the ftpx binary (" + ftpxBinary + ")") &&
           requirePrerequisite(VsftpdServer::available(), "vsftpd unpacked under build/peers (make deps)") &&
           requirePrerequisite(PyftpdlibServer::available(),
                               "pyftpdlib unpacked under build/peers, /usr/bin/python3 and python3-openssl");
}

/// Runs `check` against a fresh vsftpd, then a fresh pyftpdlib.
void forEachServer(const std::function<void(FtpServer&)>& check, FtpTls tls = FtpTls::none, unsigned long maxRate = 0) {
    {
        VsftpdServer vsftpd(tls, maxRate);
        check(vsftpd);
    }
    {
        PyftpdlibServer pyftpdlib(tls, maxRate);
        check(pyftpdlib);
    }
}

/// The password in pyftpdlib's URLs must not be echoed in any output.
void assertNoPassword(const FtpServer& server, const RunResult& result) {
    if (std::string(server.name()) != "pyftpdlib") return;
    CPPUNIT_ASSERT_MESSAGE(describe(result), !contains(result.out + result.err, PyftpdlibServer::password));
}

/// A tree of 3 levels and 30 files of assorted sizes (one of them binary).
std::vector<std::pair<std::string, std::string>> sampleTree() {
    const char* const directories[] = {"docs", "docs/api", "docs/api/v1", "src", "src/lib", "src/lib/net", "media"};
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 0; i < 29; ++i) {
        std::string content;
        for (int j = 0; j < i * 37; ++j)
            content += "line " + std::to_string(j) + " of file " + std::to_string(i) + "\n";
        files.emplace_back(std::string(directories[i % 7]) + "/file" + std::to_string(i) + ".txt", content);
    }
    files.emplace_back("README", randomBytes(70000, 99));
    return files;
}

}  // namespace

class FtpxServersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FtpxServersTest);
    CPPUNIT_TEST(testGetAndPutKeepBytesAndTimes);
    CPPUNIT_TEST(testGetDestinationsAndAMissingFile);
    CPPUNIT_TEST(testGetContinuesAKilledDownload);
    CPPUNIT_TEST(testContinueFromTruncatedCopies);
    CPPUNIT_TEST(testMirrorDownloadCopiesOnlyWhatChanged);
    CPPUNIT_TEST(testMirrorUploadCopiesOnlyWhatChanged);
    CPPUNIT_TEST(testMirrorKeepsWhatItCannotSee);
    CPPUNIT_TEST(testMirrorResumesOnlyWhatMatches);
    CPPUNIT_TEST(testUploadMirrorKeepsWhatItCannotLookAt);
    CPPUNIT_TEST(testExplicitTlsWithVsftpdSessionReuse);
    CPPUNIT_TEST(testTlsMaxWithVsftpd);
    CPPUNIT_TEST(testImplicitTlsWithVsftpd);
    CPPUNIT_TEST(testExplicitTlsWithPyftpdlib);
    CPPUNIT_TEST(testTlsRequiredNeverSendsThePassword);
    CPPUNIT_TEST(testNetrcLogins);
    CPPUNIT_TEST(testShellOnStandardInput);
    CPPUNIT_TEST(testBatchStopsAtTheFirstFailure);
    CPPUNIT_TEST(testListingsMatchTheDisk);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGetAndPutKeepBytesAndTimes() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            TempDir local;
            server.makeDirectory("pub/uploads");
            std::set<std::string> uploaded;
            for (const std::size_t size :
                 {std::size_t{0}, std::size_t{1}, std::size_t{65536 + 3}, std::size_t{8 * 1024 * 1024 + 5}}) {
                const std::string name = std::to_string(size) + ".bin";
                const std::string where = label + " " + name;
                server.writeFile("pub/sizes/" + name, randomBytes(size, static_cast<unsigned>(size) + 1));
                server.setModificationTime("pub/sizes/" + name, past);
                const std::string copy = local.path() + "/" + name;
                const auto got = ftpx({"get", "--json", server.url("pub/sizes/" + name), copy});
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where + ": " + describe(got), 0, got.status);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, sha256(server.path("pub/sizes/" + name)), sha256(copy));
                CPPUNIT_ASSERT_MESSAGE(where + ": .part left behind", !exists(copy + ".part"));
                // MDTM has seconds on both servers: the time is kept to the second.
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, static_cast<long long>(past),
                                             static_cast<long long>(mtimeOf(copy)));
                const auto transfers = jsonLines(got.out, "transfer");
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where + ": " + got.out, std::size_t{1}, transfers.size());
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::string("download"), jsonValue(transfers[0], "direction"));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::to_string(size), jsonValue(transfers[0], "bytes"));
                assertNoPassword(server, got);

                // Another file of the same size up, with its own time.
                const std::string up = local.path() + "/up-" + name;
                writeLocal(up, randomBytes(size, static_cast<unsigned>(size) + 7));
                setTime(up, past - 3600);
                const std::time_t before = std::time(nullptr);
                const auto put = ftpx({"put", "--json", up, server.url("pub/uploads/")});
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where + ": " + describe(put), 0, put.status);
                const std::string remote = server.path("pub/uploads/up-" + name);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, sha256(up), sha256(remote));
                uploaded.insert("up-" + name);
                if (server.hasMfmt()) {
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(where + ": MFMT", static_cast<long long>(past - 3600),
                                                 static_cast<long long>(mtimeOf(remote)));
                } else {
                    // vsftpd has no MFMT: the documented fallback is the time of the upload.
                    CPPUNIT_ASSERT_MESSAGE(where + ": no MFMT, so the upload's time", mtimeOf(remote) >= before - 1);
                }
                const auto upLines = jsonLines(put.out, "transfer");
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where + ": " + put.out, std::size_t{1}, upLines.size());
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::string("upload"), jsonValue(upLines[0], "direction"));
                assertNoPassword(server, put);
            }
            // Nothing else on the server: no NAME.part, no temporary names.
            CPPUNIT_ASSERT(uploaded == namesIn(server.path("pub/uploads")));
        });
    }

    void testGetDestinationsAndAMissingFile() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            const std::string data = randomBytes(100000, 11);
            server.writeFile("pub/where.bin", data);
            TempDir local;
            // LOCAL a directory: the file lands under its own name.
            const auto intoDirectory = ftpx({"get", server.url("pub/where.bin"), local.path()});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(intoDirectory), 0, intoDirectory.status);
            CPPUNIT_ASSERT_MESSAGE(label, data == readFile(local.path() + "/where.bin"));
            // LOCAL "-": the bytes on stdout, nothing on disk.
            ProcessOptions inLocal;
            inLocal.workingDirectory = local.path() + "/empty";
            mkdir(inLocal.workingDirectory.c_str(), 0755);
            const auto toStdout = ftpx({"get", server.url("pub/where.bin"), "-"}, inLocal);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + toStdout.err, 0, toStdout.status);
            CPPUNIT_ASSERT_MESSAGE(label, data == toStdout.out);
            CPPUNIT_ASSERT_MESSAGE(label, namesIn(inLocal.workingDirectory).empty());

            // A file the server does not have: its reply, exit 1, and nothing
            // left on disk (no LOCAL, no empty LOCAL.part to trip a later -c).
            const auto missing = ftpx({"get", server.url("pub/missing.bin")}, inLocal);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(missing), 1, missing.status);
            if (std::string(server.name()) == "vsftpd") {
                // The contract's own example, word for word.
                CPPUNIT_ASSERT_EQUAL("ftpx: ftp://127.0.0.1:" + std::to_string(server.port()) +
                                         "/pub/missing.bin: 550 Failed to open file.\n",
                                     missing.err);
            } else {
                CPPUNIT_ASSERT_MESSAGE(
                    label + ": " + missing.err,
                    missing.err.rfind("ftpx: ftp://", 0) == 0 &&
                        contains(missing.err, "127.0.0.1:" + std::to_string(server.port()) + "/pub/missing.bin: 550 "));
            }
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + missing.err, std::size_t{1}, lines(missing.err).size());
            const auto left = namesIn(inLocal.workingDirectory);
            std::string leftNames;
            for (const auto& name : left) leftNames += name + " ";
            CPPUNIT_ASSERT_MESSAGE(label + ": left behind: " + leftNames, left.empty());
            assertNoPassword(server, missing);
        });
    }

    void testGetContinuesAKilledDownload() {
        if (!prerequisites()) return;
        // Throttled servers (1 MiB/s: six seconds for the file) so that the
        // kill lands halfway.
        forEachServer(
            [](FtpServer& server) {
                const std::string label = server.name();
                const std::string data = randomBytes(6 * 1024 * 1024, 42);
                server.writeFile("pub/big.bin", data);
                TempDir local;
                const std::string copy = local.path() + "/big.bin";
                // The kill must land while data flows. A busy machine can
                // deschedule this loop past the whole transfer, so the kill
                // is tried again (a fresh download) up to three times.
                std::string killedError;
                long long partial = -1;
                for (int attempt = 0; attempt < 3; ++attempt) {
                    ::unlink((copy + ".part").c_str());
                    ::unlink(copy.c_str());
                    Process download({ftpxBinary, "get", server.url("pub/big.bin"), copy});
                    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                    while (sizeOf(copy + ".part") < 256 * 1024 && download.running() &&
                           std::chrono::steady_clock::now() < deadline)
                        std::this_thread::sleep_for(std::chrono::milliseconds(2));
                    download.signal(SIGKILL);
                    download.wait(5);
                    killedError = download.standardError();
                    partial = sizeOf(copy + ".part");
                    if (partial > 0 && partial < static_cast<long long>(data.size())) break;
                }
                CPPUNIT_ASSERT_MESSAGE(label + ": partial " + std::to_string(partial) + ": " + killedError,
                                       partial > 0 && partial < static_cast<long long>(data.size()));
                CPPUNIT_ASSERT_MESSAGE(label, !exists(copy));
                const auto resumed = ftpx({"get", "-c", "--json", server.url("pub/big.bin"), copy});
                CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(resumed), 0, resumed.status);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(label, sha256(server.path("pub/big.bin")), sha256(copy));
                CPPUNIT_ASSERT_MESSAGE(label, !exists(copy + ".part"));
                const auto transfers = jsonLines(resumed.out, "transfer");
                CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + resumed.out, std::size_t{1}, transfers.size());
                CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + resumed.out, std::to_string(partial),
                                             jsonValue(transfers[0], "offset"));
            },
            FtpTls::none, 1024 * 1024);
    }

    void testContinueFromTruncatedCopies() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            TempDir local;
            const std::string data = randomBytes(3 * 1024 * 1024 + 11, 7);
            const std::size_t half = 1024 * 1024 + 3;

            // Download: a .part holding the first bytes, then get -c.
            server.writeFile("pub/res/down.bin", data);
            const std::string copy = local.path() + "/down.bin";
            writeLocal(copy + ".part", data.substr(0, half));
            const auto resumed = ftpx({"get", "-c", "--json", server.url("pub/res/down.bin"), copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(resumed), 0, resumed.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, sha256(server.path("pub/res/down.bin")), sha256(copy));
            CPPUNIT_ASSERT_MESSAGE(label, !exists(copy + ".part"));
            const auto down = jsonLines(resumed.out, "transfer");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + resumed.out, std::size_t{1}, down.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + resumed.out, std::to_string(half),
                                         jsonValue(down[0], "offset"));

            // Without -c a .part is no head start: garbage in it is overwritten.
            const std::string fresh = local.path() + "/fresh.bin";
            writeLocal(fresh + ".part", std::string(half, 'x'));
            const auto over = ftpx({"get", "--json", server.url("pub/res/down.bin"), fresh});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(over), 0, over.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, sha256(server.path("pub/res/down.bin")), sha256(fresh));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + over.out, std::string("0"),
                                         jsonValue(jsonLines(over.out, "transfer").at(0), "offset"));

            // Upload: the server holds the first bytes, then put -c.
            const std::string original = local.path() + "/up.bin";
            writeLocal(original, data);
            server.writeFile("pub/res/up.bin", data.substr(0, half));
            const auto appended = ftpx({"put", "-c", "--json", original, server.url("pub/res/up.bin")});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(appended), 0, appended.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, sha256(original), sha256(server.path("pub/res/up.bin")));
            const auto up = jsonLines(appended.out, "transfer");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + appended.out, std::size_t{1}, up.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + appended.out, std::to_string(half), jsonValue(up[0], "offset"));
        });
    }

    void testMirrorDownloadCopiesOnlyWhatChanged() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            const auto files = sampleTree();
            for (std::size_t i = 0; i < files.size(); ++i) {
                server.writeFile("pub/tree/" + files[i].first, files[i].second);
                server.setModificationTime("pub/tree/" + files[i].first, past + static_cast<std::time_t>(i));
            }
            TempDir local;
            const std::string copy = local.path() + "/copy";
            const std::string source = server.url("pub/tree/");
            const auto first = ftpx({"mirror", source, copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(first), 0, first.status);
            const auto served = treeOf(server.path("pub/tree"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, listing(served), listing(treeOf(copy)));
            CPPUNIT_ASSERT_MESSAGE(label, served == treeOf(copy));
            for (const auto& [path, content] : files) {
                const auto there = mtimeOf(server.path("pub/tree/" + path));
                const auto here = mtimeOf(copy + "/" + path);
                // MLSD has seconds; vsftpd's LIST only minutes.
                if (server.hasMlsd())
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(label + " " + path, static_cast<long long>(there),
                                                 static_cast<long long>(here));
                else
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(label + " " + path, static_cast<long long>(there / 60),
                                                 static_cast<long long>(here / 60));
            }

            // -j 4: four connections, the same tree.
            const std::string parallel = local.path() + "/parallel";
            const auto four = ftpx({"mirror", "-j", "4", source, parallel});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(four), 0, four.status);
            CPPUNIT_ASSERT_MESSAGE(label, served == treeOf(parallel));
            // A download cut short in an earlier run is resumed, not restarted.
            const std::string cut = files.back().first;
            unlink((parallel + "/" + cut).c_str());
            writeLocal(parallel + "/" + cut + ".part", files.back().second.substr(0, 30000));
            const auto again = ftpx({"mirror", "--json", source, parallel});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(again), 0, again.status);
            CPPUNIT_ASSERT_MESSAGE(
                label + ": " + again.out,
                contains(again.out, "{\"type\":\"step\",\"action\":\"resume\",\"path\":\"" + cut + "\""));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + again.out, std::string("1"),
                                         jsonValue(jsonLines(again.out, "summary").at(0), "resumed"));
            CPPUNIT_ASSERT_MESSAGE(label, served == treeOf(parallel));

            // One file changed and one added on the server, and one changed
            // without a change of size: only its time tells (MDTM, where the
            // server has no MLSD: LIST's time is to the minute in no known zone).
            const std::string changed = files[5].first, added = "src/lib/net/added.bin";
            const std::string sameSize = files[6].first;
            server.writeFile("pub/tree/" + changed, "changed on the server\n");
            server.setModificationTime("pub/tree/" + changed, past + 86400);
            server.writeFile("pub/tree/" + added, randomBytes(5000, 5));
            server.writeFile("pub/tree/" + sameSize, std::string(files[6].second.size(), 'x'));
            server.setModificationTime("pub/tree/" + sameSize, past + 2 * 86400);
            const auto before = treeOf(copy);
            const auto plan = ftpx({"mirror", "--dry-run", source, copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(plan), 0, plan.status);
            std::size_t planned = 0;
            for (const auto& line : lines(plan.out)) planned += line.rfind("copy ", 0) == 0;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + plan.out, std::size_t{3}, planned);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + plan.out, contains(plan.out, "copy " + changed + " ("));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + plan.out, contains(plan.out, "copy " + added + " (missing)"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + plan.out, contains(plan.out, "copy " + sameSize + " (source newer)"));
            CPPUNIT_ASSERT_MESSAGE(label + ": --dry-run changed the copy", before == treeOf(copy));
            // Its summary counts what would be done, marked as planned.
            const auto planJson = ftpx({"mirror", "--dry-run", "--json", source, copy});
            const auto planSummary = jsonLines(planJson.out, "summary").at(0);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + planJson.out, std::string("3"),
                                         jsonValue(planSummary, "copied"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + planJson.out, std::string("true"),
                                         jsonValue(planSummary, "planned"));

            const auto second = ftpx({"mirror", "--json", source, copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(second), 0, second.status);
            std::set<std::string> copied;
            for (const auto& step : jsonLines(second.out, "step"))
                if (jsonValue(step, "action") == "copy") copied.insert(jsonValue(step, "path"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + second.out,
                                   (std::set<std::string>{changed, added, sameSize}) == copied);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + second.out, std::string("3"),
                                         jsonValue(jsonLines(second.out, "summary").at(0), "copied"));
            CPPUNIT_ASSERT_MESSAGE(label, treeOf(server.path("pub/tree")) == treeOf(copy));
            // The copies took the server's exact times: a third run copies nothing.
            const auto third = ftpx({"mirror", "--json", source, copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(third), 0, third.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + third.out, std::string("0"),
                                         jsonValue(jsonLines(third.out, "summary").at(0), "copied"));

            // Deleted on the server: kept without --delete, removed with it.
            const std::string gone = files[3].first;
            unlink(server.path("pub/tree/" + gone).c_str());
            const auto keep = ftpx({"mirror", source, copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(keep), 0, keep.status);
            CPPUNIT_ASSERT_MESSAGE(label, exists(copy + "/" + gone));
            const auto dryDelete = ftpx({"mirror", "--delete", "--dry-run", source, copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(dryDelete), 0, dryDelete.status);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + dryDelete.out, contains(dryDelete.out, "delete " + gone));
            CPPUNIT_ASSERT_MESSAGE(label + ": --dry-run deleted", exists(copy + "/" + gone));
            const auto deleting = ftpx({"mirror", "--delete", "--json", source, copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(deleting), 0, deleting.status);
            CPPUNIT_ASSERT_MESSAGE(label, !exists(copy + "/" + gone));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + deleting.out, std::string("1"),
                                         jsonValue(jsonLines(deleting.out, "summary").at(0), "deleted"));
            CPPUNIT_ASSERT_MESSAGE(label, treeOf(server.path("pub/tree")) == treeOf(copy));
        });
    }

    void testMirrorUploadCopiesOnlyWhatChanged() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            TempDir local;
            const std::string tree = local.path() + "/tree";
            const auto files = sampleTree();
            for (std::size_t i = 0; i < files.size(); ++i) {
                run({"mkdir", "-p", tree + "/" + files[i].first.substr(0, files[i].first.rfind('/') + 1)});
                writeLocal(tree + "/" + files[i].first, files[i].second);
                setTime(tree + "/" + files[i].first, past + static_cast<std::time_t>(i));
            }
            server.makeDirectory("pub/up");
            const std::string destination = server.url("pub/up/");
            const auto first = ftpx({"mirror", "-R", tree, destination});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(first), 0, first.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, listing(treeOf(tree)), listing(treeOf(server.path("pub/up"))));
            CPPUNIT_ASSERT_MESSAGE(label, treeOf(tree) == treeOf(server.path("pub/up")));
            if (server.hasMfmt()) {
                for (const auto& [path, content] : files)
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(label + " MFMT " + path,
                                                 static_cast<long long>(mtimeOf(tree + "/" + path)),
                                                 static_cast<long long>(mtimeOf(server.path("pub/up/" + path))));
            }

            const std::string changed = files[8].first, added = "docs/api/v1/added.txt";
            writeLocal(tree + "/" + changed, "changed here\n");
            writeLocal(tree + "/" + added, "added here\n");
            const auto before = treeOf(server.path("pub/up"));
            const auto plan = ftpx({"mirror", "-R", "--dry-run", tree, destination});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(plan), 0, plan.status);
            std::size_t planned = 0;
            for (const auto& line : lines(plan.out)) planned += line.rfind("copy ", 0) == 0;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + plan.out, std::size_t{2}, planned);
            CPPUNIT_ASSERT_MESSAGE(label + ": --dry-run changed the server", before == treeOf(server.path("pub/up")));
            // To a directory the server does not have yet: everything is
            // planned, and the directory is still not made.
            const std::string fresh = destination.substr(0, destination.rfind("up/")) + "fresh/";
            const auto freshPlan = ftpx({"mirror", "-R", "--dry-run", tree, fresh});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(freshPlan), 0, freshPlan.status);
            std::size_t freshCopies = 0;
            for (const auto& line : lines(freshPlan.out)) freshCopies += line.rfind("copy ", 0) == 0;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + freshPlan.out, files.size() + 1, freshCopies);
            CPPUNIT_ASSERT_MESSAGE(label + ": --dry-run made the directory", !exists(server.path("pub/fresh")));

            const auto second = ftpx({"mirror", "-R", "--json", tree, destination});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(second), 0, second.status);
            std::set<std::string> copied;
            for (const auto& step : jsonLines(second.out, "step"))
                if (jsonValue(step, "action") == "copy") copied.insert(jsonValue(step, "path"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + second.out, (std::set<std::string>{changed, added}) == copied);
            CPPUNIT_ASSERT_MESSAGE(label, treeOf(tree) == treeOf(server.path("pub/up")));

            // A file and a whole directory (media/, four files) gone locally.
            const std::string gone = files[10].first;
            unlink((tree + "/" + gone).c_str());
            run({"rm", "-r", tree + "/media"});
            const auto dryDelete = ftpx({"mirror", "-R", "--delete", "--dry-run", tree, destination});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(dryDelete), 0, dryDelete.status);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + dryDelete.out, contains(dryDelete.out, "delete " + gone));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + dryDelete.out, contains(dryDelete.out, "rmdir media"));
            CPPUNIT_ASSERT_MESSAGE(label + ": --dry-run deleted", exists(server.path("pub/up/" + gone)));
            CPPUNIT_ASSERT_MESSAGE(label + ": --dry-run deleted", exists(server.path("pub/up/media/file6.txt")));
            const auto deleting = ftpx({"mirror", "-R", "--delete", "--json", tree, destination});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(deleting), 0, deleting.status);
            CPPUNIT_ASSERT_MESSAGE(label, !exists(server.path("pub/up/" + gone)));
            CPPUNIT_ASSERT_MESSAGE(label, !exists(server.path("pub/up/media")));
            // Four files in media/, one elsewhere, and the directory.
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + deleting.out, std::string("6"),
                                         jsonValue(jsonLines(deleting.out, "summary").at(0), "deleted"));
            CPPUNIT_ASSERT_MESSAGE(label, treeOf(tree) == treeOf(server.path("pub/up")));
        });
    }

    void testMirrorKeepsWhatItCannotSee() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            server.writeFile("pub/t/.hidden", "a dotfile\n");
            server.writeFile("pub/t/a.txt", "a\n");
            server.writeFile("pub/t/locked/inner.txt", "inside\n");
            server.writeFile("pub/t/locked/deep/x.txt", "deeper\n");
            TempDir local;
            const std::string copy = local.path() + "/copy";
            // vsftpd's LIST hides dotfiles unless asked with -a.
            const auto first = ftpx({"mirror", server.url("pub/t/"), copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(first), 0, first.status);
            CPPUNIT_ASSERT_MESSAGE(label, treeOf(server.path("pub/t")) == treeOf(copy));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, std::string("a dotfile\n"), readFile(copy + "/.hidden"));
            const auto again = ftpx({"mirror", "--delete", "--json", server.url("pub/t/"), copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(again), 0, again.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + again.out, std::string("0"),
                                         jsonValue(jsonLines(again.out, "summary").at(0), "deleted"));
            CPPUNIT_ASSERT_MESSAGE(label, exists(copy + "/.hidden"));

            // Links to directories: vsftpd's LIST shows them as links (not
            // followed); pyftpdlib's MLSD calls them dirs, and its unique
            // fact tells that "loop" is the tree's root and "d/up" too.
            server.writeFile("pub/t/d/f.txt", "f\n");
            CPPUNIT_ASSERT_EQUAL(0, ::symlink(".", server.path("pub/t/loop").c_str()));
            CPPUNIT_ASSERT_EQUAL(0, ::symlink("..", server.path("pub/t/d/up").c_str()));
            const std::string looped = local.path() + "/looped";
            const auto links = ftpx({"mirror", server.url("pub/t/"), looped});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(links), 0, links.status);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + describe(links), exists(looped + "/d/f.txt"));
            // Made, perhaps, but not entered: nothing of the tree again under it.
            CPPUNIT_ASSERT_MESSAGE(label + ": " + describe(links), !exists(looped + "/loop/d"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + describe(links), !exists(looped + "/d/up/d"));
            unlink(server.path("pub/t/loop").c_str());
            unlink(server.path("pub/t/d/up").c_str());

            // A file become a directory on the server: refused, the local
            // file kept, and the run fails, naming it (in --json too).
            unlink(server.path("pub/t/a.txt").c_str());
            server.writeFile("pub/t/a.txt/inner", "inner\n");
            const auto changedType = ftpx({"mirror", "-q", "--json", server.url("pub/t/"), copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(changedType), 1, changedType.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, std::string("a\n"), readFile(copy + "/a.txt"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + changedType.err,
                                   contains(changedType.err, "a.txt: refused: a directory at the source"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + changedType.out,
                                   contains(changedType.out, "\"path\":\"a.txt\",\"error\":\"refused: "));
            run({"rm", "-r", server.path("pub/t/a.txt")});
            server.writeFile("pub/t/a.txt", "a\n");

            // A directory the server may not read (vsftpd's sessions run as
            // an unprivileged user; pyftpdlib's here as root, which reads it).
            // vsftpd says "226 Transfer done (but failed to open directory)"
            // and sends no lines: that is no empty directory to delete.
            if (server.hasMlsd()) return;
            chmod(server.path("pub/t/locked").c_str(), 0311);
            const auto locked = ftpx({"mirror", "--delete", "--json", server.url("pub/t/"), copy});
            chmod(server.path("pub/t/locked").c_str(), 0755);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(locked), 0, locked.status);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + describe(locked), exists(copy + "/locked/inner.txt"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + describe(locked), exists(copy + "/locked/deep/x.txt"));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + locked.err, contains(locked.err, "failed to open directory"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + locked.out, std::string("0"),
                                         jsonValue(jsonLines(locked.out, "summary").at(0), "deleted"));
        });
    }

    void testMirrorResumesOnlyWhatMatches() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            // A shorter, newer remote copy may be an upload cut short: its
            // time from MLSD, or from MDTM where LIST's time cannot tell.
            const std::string label = server.name();
            TempDir local;
            const std::string tree = local.path() + "/tree";
            const std::string whole = randomBytes(200000, 21);
            run({"mkdir", "-p", tree});
            writeLocal(tree + "/cut.bin", whole);
            writeLocal(tree + "/other.bin", whole);
            setTime(tree + "/cut.bin", past);
            setTime(tree + "/other.bin", past);
            // One remote copy is the start of the local file, the other a
            // different, shorter file written later.
            server.writeFile("pub/r/cut.bin", whole.substr(0, 120000));
            server.writeFile("pub/r/other.bin", randomBytes(120000, 22));
            const auto mirrored = ftpx({"mirror", "-R", "--json", tree, server.url("pub/r/")});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(mirrored), 0, mirrored.status);
            CPPUNIT_ASSERT_MESSAGE(label, whole == readFile(server.path("pub/r/cut.bin")));
            CPPUNIT_ASSERT_MESSAGE(label + ": the other file continued",
                                   whole == readFile(server.path("pub/r/other.bin")));
            const auto summary = jsonLines(mirrored.out, "summary").at(0);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + mirrored.out, std::string("1"), jsonValue(summary, "resumed"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + mirrored.out, std::string("1"), jsonValue(summary, "copied"));
        });
    }

    void testUploadMirrorKeepsWhatItCannotLookAt() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            TempDir local;
            chmod(local.path().c_str(), 0755);
            const std::string tree = local.path() + "/tree";
            run({"mkdir", "-p", tree + "/sub"});
            writeLocal(tree + "/sub/keep", "kept\n");
            writeLocal(tree + "/top", "top\n");
            run({"chmod", "-R", "a+rX", tree});
            server.makeDirectory("pub/k");
            const auto first = ftpx({"mirror", "-R", tree, server.url("pub/k/")});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(first), 0, first.status);
            CPPUNIT_ASSERT_MESSAGE(label, exists(server.path("pub/k/sub/keep")));
            // sub may be read, not searched: its names are there, lstat(2)
            // of each fails. Root would not see that; daemon does.
            chmod((tree + "/sub").c_str(), 0644);
            ProcessOptions unprivileged;
            unprivileged.runAsUser = "daemon";
            unprivileged.extraEnv = {"HOME=" + local.path()};
            const auto second = ftpx({"mirror", "-R", "--delete", "--json", tree, server.url("pub/k/")}, unprivileged);
            chmod((tree + "/sub").c_str(), 0755);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(second), 0, second.status);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + describe(second), exists(server.path("pub/k/sub/keep")));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + second.err, contains(second.err, "could not be looked at"));
        });
    }

    void testExplicitTlsWithVsftpdSessionReuse() {
        if (!prerequisites()) return;
        VsftpdServer server(FtpTls::explicitTls);
        server.writeFile("pub/report.bin", randomBytes(300000, 3));
        TempDir local;
        const std::string copy = local.path() + "/report.bin";
        const auto got = ftpx({"get", "--tls", "--cacert", server.certificate(), server.url("pub/report.bin"), copy});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(got) + server.log(), 0, got.status);
        CPPUNIT_ASSERT_EQUAL(sha256(server.path("pub/report.bin")), sha256(copy));
        const auto listed = ftpx({"ls", "--tls", "--cacert", server.certificate(), server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(listed) + server.log(), 0, listed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("report.bin\n"), listed.out);
        // A large upload arrives whole: vsftpd's TLS 1.3 session tickets on
        // the data connection, left unread, once made the close a reset that
        // cut the file's end.
        const std::string up = local.path() + "/upload.bin";
        writeLocal(up, randomBytes(8 * 1024 * 1024 + 7, 9));
        const auto put = ftpx({"put", "--tls", "--cacert", server.certificate(), up, server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(put) + server.log(), 0, put.status);
        CPPUNIT_ASSERT_EQUAL(sha256(up), sha256(server.path("pub/upload.bin")));
        ::unlink(server.path("pub/upload.bin").c_str());
        // Really over TLS: AUTH TLS on every connection, and the data
        // connections resumed the control connection's session (which
        // require_ssl_reuse=YES insists on).
        const std::string log = server.log();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{3},
                                     count(log, "FTP command: Client \"127.0.0.1\", \"AUTH TLS\""));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{3}, server.commandsReceived("AUTH"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{3}, server.commandsReceived("PASS"));
        CPPUNIT_ASSERT_MESSAGE(log, count(log, ", reused,") >= 3);
        CPPUNIT_ASSERT_MESSAGE(log, contains(log, "\"PROT P\""));

        // The system's CAs do not know this certificate.
        const std::string refusedCopy = local.path() + "/refused.bin";
        const auto refused = ftpx({"get", "--tls", server.url("pub/report.bin"), refusedCopy});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(refused), 1, refused.status);
        CPPUNIT_ASSERT_MESSAGE(refused.err, contains(refused.err, "certificate"));
        CPPUNIT_ASSERT_MESSAGE(refused.err, !exists(refusedCopy) && !exists(refusedCopy + ".part"));
        const auto refusedList = ftpx({"ls", "--tls-required", server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(refusedList), 1, refusedList.status);
        CPPUNIT_ASSERT_MESSAGE(refusedList.err, contains(refusedList.err, "certificate"));
        CPPUNIT_ASSERT_EQUAL(std::string(), refusedList.out);
        // -k skips the check.
        const auto insecure = ftpx({"ls", "--tls-required", "-k", server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(insecure), 0, insecure.status);
        CPPUNIT_ASSERT_EQUAL(std::string("report.bin\n"), insecure.out);
    }

    void testTlsMaxWithVsftpd() {
        if (!prerequisites()) return;
        VsftpdServer server(FtpTls::explicitTls);
        server.writeFile("pub/report.bin", randomBytes(120000, 12));
        TempDir local;
        // --tls-max 1.2: every connection, control and data, is TLS 1.2,
        // and the data connections still resume the control session.
        const std::string copy = local.path() + "/report.bin";
        const auto got = ftpx(
            {"get", "--tls", "--tls-max", "1.2", "--cacert", server.certificate(), server.url("pub/report.bin"), copy});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(got) + server.log(), 0, got.status);
        CPPUNIT_ASSERT_EQUAL(sha256(server.path("pub/report.bin")), sha256(copy));
        const std::string up = local.path() + "/sent.bin";
        writeLocal(up, randomBytes(300001, 13));
        const auto put =
            ftpx({"put", "--tls", "--tls-max", "1.2", "--cacert", server.certificate(), up, server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(put) + server.log(), 0, put.status);
        CPPUNIT_ASSERT_EQUAL(sha256(up), sha256(server.path("pub/sent.bin")));
        std::string log = server.log();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{4}, count(log, "SSL version: TLSv1.2, SSL cipher: ECDHE-"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            log, std::size_t{2},
            count(log, "SSL version: TLSv1.2, SSL cipher: ECDHE-ECDSA-AES128-GCM-SHA256, reused,"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{0}, count(log, "SSL version: TLSv1.3"));
        // Without it, the newest both sides have.
        const auto listed = ftpx({"ls", "--tls", "--cacert", server.certificate(), server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(listed) + server.log(), 0, listed.status);
        log = server.log();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{2}, count(log, "SSL version: TLSv1.3"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{4}, count(log, "SSL version: TLSv1.2"));
    }

    void testImplicitTlsWithVsftpd() {
        if (!prerequisites()) return;
        VsftpdServer server(FtpTls::implicitTls);
        server.writeFile("pub/report.bin", randomBytes(200000, 4));
        TempDir local;
        const std::string url = server.url("pub/report.bin");
        CPPUNIT_ASSERT_EQUAL(std::string("ftps://"), url.substr(0, 7));
        const std::string copy = local.path() + "/report.bin";
        const auto got = ftpx({"get", "--cacert", server.certificate(), url, copy});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(got) + server.log(), 0, got.status);
        CPPUNIT_ASSERT_EQUAL(sha256(server.path("pub/report.bin")), sha256(copy));
        const std::string up = local.path() + "/sent.bin";
        writeLocal(up, randomBytes(100000, 5));
        const auto put = ftpx({"put", "--cacert", server.certificate(), up, server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(put) + server.log(), 0, put.status);
        CPPUNIT_ASSERT_EQUAL(sha256(up), sha256(server.path("pub/sent.bin")));
        CPPUNIT_ASSERT_MESSAGE(server.log(), count(server.log(), ", reused,") >= 2);

        const auto refused = ftpx({"ls", server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(refused), 1, refused.status);
        CPPUNIT_ASSERT_MESSAGE(refused.err, contains(refused.err, "certificate"));
        CPPUNIT_ASSERT_EQUAL(std::string(), refused.out);
    }

    void testExplicitTlsWithPyftpdlib() {
        if (!prerequisites()) return;
        PyftpdlibServer server(FtpTls::explicitTls);
        server.writeFile("pub/report.bin", randomBytes(250000, 6));
        TempDir local;
        const std::string copy = local.path() + "/report.bin";
        const auto got =
            ftpx({"get", "--tls-required", "--cacert", server.certificate(), server.url("pub/report.bin"), copy});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(got) + server.log(), 0, got.status);
        CPPUNIT_ASSERT_EQUAL(sha256(server.path("pub/report.bin")), sha256(copy));
        const std::string up = local.path() + "/sent.bin";
        writeLocal(up, randomBytes(120000, 8));
        const auto put = ftpx({"put", "--tls", "--cacert", server.certificate(), up, server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(put) + server.log(), 0, put.status);
        CPPUNIT_ASSERT_EQUAL(sha256(up), sha256(server.path("pub/sent.bin")));
        const auto listed = ftpx({"ls", "--tls", "--cacert", server.certificate(), server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(listed) + server.log(), 0, listed.status);
        const auto names = lines(listed.out);
        CPPUNIT_ASSERT_MESSAGE(listed.out, (std::set<std::string>{"report.bin", "sent.bin"}) ==
                                                   std::set<std::string>(names.begin(), names.end()) &&
                                               names.size() == 2);
        const std::string log = server.log();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{3}, count(log, "<- AUTH TLS"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{3}, count(log, "<- PROT P"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t{3}, server.commandsReceived("PASS"));

        const auto refused = ftpx({"ls", "--tls", server.url("pub/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(refused), 1, refused.status);
        CPPUNIT_ASSERT_MESSAGE(refused.err, contains(refused.err, "certificate"));
        // Refused before USER: the password never left.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server.log(), std::size_t{3}, server.commandsReceived("PASS"));
        assertNoPassword(server, refused);
    }

    void testTlsRequiredNeverSendsThePassword() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            server.writeFile("pub/plain.txt", "in the clear\n");
            TempDir local;
            const std::string copy = local.path() + "/plain.txt";
            const auto refused = ftpx({"get", "--tls-required", server.url("pub/plain.txt"), copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(refused), 1, refused.status);
            CPPUNIT_ASSERT_MESSAGE(
                label + ": " + refused.err,
                contains(refused.err, "127.0.0.1:" + std::to_string(server.port()) + ": server refused AUTH TLS: "));
            CPPUNIT_ASSERT_MESSAGE(label, !exists(copy) && !exists(copy + ".part"));
            const std::string log = server.log();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + log, std::size_t{1}, server.commandsReceived("AUTH"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + log, std::size_t{0}, server.commandsReceived("USER"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + log, std::size_t{0}, server.commandsReceived("PASS"));
            assertNoPassword(server, refused);

            // Plain --tls falls back to cleartext when AUTH TLS is refused.
            const auto fallback = ftpx({"get", "--tls", server.url("pub/plain.txt"), copy});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(fallback), 0, fallback.status);
            CPPUNIT_ASSERT_EQUAL(std::string("in the clear\n"), readFile(copy));
        });
    }

    void testNetrcLogins() {
        if (!prerequisites()) return;
        PyftpdlibServer server;
        TempDir home, local;
        const std::string netrc = home.path() + "/.netrc";
        writeLocal(netrc, "machine 127.0.0.1 login alice password secret\n");
        chmod(netrc.c_str(), 0600);
        ProcessOptions options;
        options.extraEnv = {"HOME=" + home.path(), "NETRC=", "FTPX_PASSWORD="};
        options.workingDirectory = local.path();
        writeLocal(local.path() + "/mine.txt", "uploaded as alice\n");
        // Anonymous may only read: an upload that lands proves alice's login.
        const auto viaNetrc = ftpx({"put", "mine.txt", server.anonymousUrl("pub/")}, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(viaNetrc) + server.log(), 0, viaNetrc.status);
        CPPUNIT_ASSERT_EQUAL(std::string("uploaded as alice\n"), readFile(server.path("pub/mine.txt")));
        CPPUNIT_ASSERT_MESSAGE(server.log(), contains(server.log(), "<- USER alice"));
        assertNoPassword(server, viaNetrc);

        // -u USER with FTPX_PASSWORD, and --netrc-file, with no ~/.netrc.
        unlink(netrc.c_str());
        ProcessOptions withPassword = options;
        withPassword.extraEnv = {"HOME=" + home.path(), "NETRC=", "FTPX_PASSWORD=secret"};
        const auto viaEnvironment = ftpx({"ls", "-u", "alice", server.anonymousUrl("pub/")}, withPassword);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(viaEnvironment), 0, viaEnvironment.status);
        CPPUNIT_ASSERT_EQUAL(std::string("mine.txt\n"), viaEnvironment.out);
        const std::string other = local.path() + "/logins";
        writeLocal(other, "machine 127.0.0.1\n  login alice\n  password secret\n");
        chmod(other.c_str(), 0600);
        writeLocal(local.path() + "/second.txt", "second\n");
        const auto viaFile = ftpx({"put", "--netrc-file", other, "second.txt", server.anonymousUrl("pub/")}, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(viaFile), 0, viaFile.status);
        CPPUNIT_ASSERT(exists(server.path("pub/second.txt")));

        // Readable by others: refused, naming the file, before connecting.
        writeLocal(netrc, "machine 127.0.0.1 login alice password secret\n");
        chmod(netrc.c_str(), 0644);
        const std::size_t sessions = server.commandsReceived("USER");
        const auto exposed = ftpx({"ls", server.anonymousUrl("pub/")}, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(exposed), 2, exposed.status);
        CPPUNIT_ASSERT_MESSAGE(exposed.err, contains(exposed.err, "ftpx: " + netrc + ": "));
        CPPUNIT_ASSERT_EQUAL(std::string(), exposed.out);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server.log(), sessions, server.commandsReceived("USER"));

        // A wrong password: the login fails, and the password is not shown.
        writeLocal(netrc, "machine 127.0.0.1 login alice password hunter2x\n");
        chmod(netrc.c_str(), 0600);
        const auto wrong = ftpx({"ls", server.anonymousUrl("pub/")}, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(wrong), 1, wrong.status);
        CPPUNIT_ASSERT_MESSAGE(
            wrong.err, contains(wrong.err, "127.0.0.1:" + std::to_string(server.port()) + ": login failed: 530 "));
        CPPUNIT_ASSERT_MESSAGE(wrong.err, !contains(wrong.out + wrong.err, "hunter2x"));

        // A login without a password: FTPX_PASSWORD gives it, else it is
        // asked for (no terminal here: exit 2), never sent empty.
        writeLocal(netrc, "machine 127.0.0.1 login alice\n");
        const auto loginOnly = ftpx({"ls", server.anonymousUrl("pub/")}, withPassword);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(loginOnly), 0, loginOnly.status);
        const std::size_t logins = server.commandsReceived("PASS");
        const auto unasked = ftpx({"ls", server.anonymousUrl("pub/")}, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(unasked), 2, unasked.status);
        CPPUNIT_ASSERT_MESSAGE(unasked.err, contains(unasked.err, "no password for alice at 127.0.0.1"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server.log(), logins, server.commandsReceived("PASS"));
        unlink(netrc.c_str());

        // -u names the user even when the URL holds another with a password.
        const std::size_t bobs = server.commandsReceived("USER");
        const std::string asBob = "ftp://bob:zzz@127.0.0.1:" + std::to_string(server.port()) + "/pub/";
        const auto overridden = ftpx({"ls", "-u", "alice", asBob}, withPassword);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(overridden) + server.log(), 0, overridden.status);
        CPPUNIT_ASSERT_MESSAGE(server.log(), !contains(server.log(), "<- USER bob"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server.log(), bobs + 1, server.commandsReceived("USER"));
        // curl's -u USER:PASSWORD is refused without repeating the password.
        const auto inline_ = ftpx({"ls", "-u", "alice:s3cr3t", server.anonymousUrl("pub/")}, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(inline_), 2, inline_.status);
        CPPUNIT_ASSERT_MESSAGE(inline_.err, contains(inline_.err, "not USER:PASSWORD"));
        CPPUNIT_ASSERT_MESSAGE(inline_.err, !contains(inline_.out + inline_.err, "s3cr3t"));
    }

    void testShellOnStandardInput() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            TempDir local;
            writeLocal(local.path() + "/note.txt", "a note for the server\n");
            writeLocal(local.path() + "/second.txt", "sent after a failure\n");
            ProcessOptions options;
            options.workingDirectory = local.path();
            options.standardInput = "cd pub\nput note.txt\nls\nget note.txt copy.txt\nbye\n";
            const auto session = ftpx({server.url("")}, options);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(session), 0, session.status);
            CPPUNIT_ASSERT_EQUAL(std::string("a note for the server\n"), readFile(server.path("pub/note.txt")));
            CPPUNIT_ASSERT_EQUAL(std::string("a note for the server\n"), readFile(local.path() + "/copy.txt"));
            const auto listed = lines(session.out);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + session.out,
                                   std::find(listed.begin(), listed.end(), "note.txt") != listed.end());
            // No prompt without a terminal.
            CPPUNIT_ASSERT_MESSAGE(label + ": " + session.out, !contains(session.out, "ftpx> "));
            assertNoPassword(server, session);

            // On stdin a failure is reported and the session goes on; exit 1.
            options.standardInput = "cd pub\nget missing.bin\nput second.txt\nbye\n";
            const auto failing = ftpx({server.url("")}, options);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(failing), 1, failing.status);
            // The error names the file where it is: after cd pub, under pub/.
            CPPUNIT_ASSERT_MESSAGE(label + ": " + failing.err, contains(failing.err, "/pub/missing.bin: 550"));
            CPPUNIT_ASSERT_EQUAL(std::string("sent after a failure\n"), readFile(server.path("pub/second.txt")));
            CPPUNIT_ASSERT_MESSAGE(label, !exists(local.path() + "/missing.bin"));
        });
    }

    void testBatchStopsAtTheFirstFailure() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            TempDir local;
            writeLocal(local.path() + "/third.txt", "never sent\n");
            writeLocal(local.path() + "/fourth.txt", "sent past an ignored failure\n");
            ProcessOptions options;
            options.workingDirectory = local.path();
            const std::string stopping = local.path() + "/stopping.batch";
            writeLocal(stopping, "cd pub\nget missing.bin\nput third.txt\n");
            const auto stopped = ftpx({"-b", stopping, server.url("")}, options);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(stopped), 1, stopped.status);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + stopped.err, contains(stopped.err, "missing.bin"));
            CPPUNIT_ASSERT_MESSAGE(label + ": the batch went on", !exists(server.path("pub/third.txt")));

            // A line starting with '-' may fail (as with sftp -b): no failure counted.
            const std::string ignoring = local.path() + "/ignoring.batch";
            writeLocal(ignoring, "cd pub\n-get missing.bin\nput fourth.txt\n");
            const auto went = ftpx({"-b", ignoring, server.url("")}, options);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(went), 0, went.status);
            CPPUNIT_ASSERT_EQUAL(std::string("sent past an ignored failure\n"),
                                 readFile(server.path("pub/fourth.txt")));
        });
    }

    void testListingsMatchTheDisk() {
        if (!prerequisites()) return;
        forEachServer([](FtpServer& server) {
            const std::string label = server.name();
            server.writeFile("pub/list/empty.txt", "");
            server.writeFile("pub/list/data.bin", randomBytes(1234, 1));
            server.writeFile("pub/list/with space.txt", "0123456789");
            server.writeFile("pub/list/sub/inner.txt", "inside\n");
            for (const char* name : {"empty.txt", "data.bin", "with space.txt"})
                server.setModificationTime(std::string("pub/list/") + name, past);
            const std::string url = server.url("pub/list/");
            const std::set<std::string> onDisk = namesIn(server.path("pub/list"));
            CPPUNIT_ASSERT_EQUAL(std::size_t{4}, onDisk.size());

            // Plain ls prints the names alone, one a line, as curl does.
            const auto plain = ftpx({"ls", url});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(plain), 0, plain.status);
            const auto names = lines(plain.out);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + plain.out, onDisk.size(), names.size());
            const std::set<std::string> shown(names.begin(), names.end());
            CPPUNIT_ASSERT_MESSAGE(label + ": " + plain.out, onDisk == shown);

            // ls of a file lists that file, as ls(1) does.
            const auto one = ftpx({"ls", "--json", server.url("pub/list/data.bin")});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(one), 0, one.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + one.out, std::size_t{1}, lines(one.out).size());
            CPPUNIT_ASSERT_MESSAGE(label + ": " + one.out, contains(one.out, "\"name\":\"data.bin\""));
            CPPUNIT_ASSERT_MESSAGE(label + ": " + one.out, contains(one.out, "\"size\":1234"));

            // "MODE SIZE YYYY-MM-DD HH:MM NAME"
            const auto longer = ftpx({"ls", "-l", url});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(longer), 0, longer.status);
            std::set<std::string> longNames;
            for (const auto& line : lines(longer.out)) {
                std::istringstream fields(line);
                std::string mode, date, time;
                long long size = -1;
                fields >> mode >> size >> date >> time;
                std::string name;
                std::getline(fields >> std::ws, name);
                longNames.insert(name);
                const std::string where = label + ": " + line;
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, 10u, static_cast<unsigned>(mode.size()));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, 10u, static_cast<unsigned>(date.size()));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, 5u, static_cast<unsigned>(time.size()));
                if (name == "sub") {
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, 'd', mode[0]);
                    continue;
                }
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, '-', mode[0]);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, sizeOf(server.path("pub/list/" + name)), size);
                char expected[32];
                std::tm utc{};
                gmtime_r(&past, &utc);
                std::strftime(expected, sizeof expected, "%Y-%m-%d %H:%M", &utc);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::string(expected), date + " " + time);
            }
            CPPUNIT_ASSERT_MESSAGE(label + ": " + longer.out, onDisk == longNames);

            const auto json = ftpx({"ls", "--json", url});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + describe(json), 0, json.status);
            std::set<std::string> jsonNames;
            for (const auto& line : lines(json.out)) {
                const std::string name = jsonValue(line, "name");
                jsonNames.insert(name);
                const std::string where = label + ": " + line;
                if (name == "sub") {
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::string("directory"), jsonValue(line, "type"));
                } else {
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::string("file"), jsonValue(line, "type"));
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::to_string(sizeOf(server.path("pub/list/" + name))),
                                                 jsonValue(line, "size"));
                }
            }
            CPPUNIT_ASSERT_MESSAGE(label + ": " + json.out, onDisk == jsonNames);

            // cat: the bytes, and nothing else, on stdout.
            const auto cat = ftpx({"cat", server.url("pub/list/data.bin")});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + cat.err, 0, cat.status);
            CPPUNIT_ASSERT_MESSAGE(label, readFile(server.path("pub/list/data.bin")) == cat.out);
        });
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FtpxServersTest);
