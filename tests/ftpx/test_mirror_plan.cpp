// What a mirror copies, skips, resumes and deletes, in both directions, and
// what it refuses from a hostile listing.
#include "mirror_plan.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace wirekit::ftpx;

namespace {

using Lines = std::vector<std::string>;

const std::int64_t t0 = 1795599000;  // 2026-11-25 09:30:00 UTC

FileEntry file(const std::string& path, std::uint64_t size, std::int64_t mtime = t0,
               TimePrecision precision = TimePrecision::second, bool utc = true) {
    FileEntry entry;
    entry.name = path;
    entry.type = EntryType::file;
    entry.size = size;
    entry.mtime = ModTime{mtime, precision, utc};
    return entry;
}

FileEntry directory(const std::string& path) {
    FileEntry entry;
    entry.name = path;
    entry.type = EntryType::directory;
    return entry;
}

FileEntry symlink(const std::string& path, const std::string& target) {
    FileEntry entry;
    entry.name = path;
    entry.type = EntryType::symlink;
    entry.linkTarget = target;
    return entry;
}

/// "copy a.txt", "resume b.bin @4096": a plan as --dry-run would list it, skips included.
Lines render(const MirrorPlan& plan) {
    Lines lines;
    for (const auto& step : plan.steps) {
        std::string line = std::string(mirrorActionName(step.action)) + " " + step.path;
        if (step.action == MirrorAction::resume) line += " @" + std::to_string(step.offset);
        lines.push_back(line);
    }
    return lines;
}

std::string reasonFor(const MirrorPlan& plan, const std::string& path) {
    for (const auto& step : plan.steps)
        if (step.path == path) return step.reason;
    return "(no step)";
}

std::string joined(const Lines& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

MirrorOptions downloadOptions(bool deleteExtra = false) {
    MirrorOptions options;
    options.direction = MirrorDirection::download;
    options.deleteExtra = deleteExtra;
    return options;
}

MirrorOptions uploadOptions(bool deleteExtra = false) {
    MirrorOptions options = downloadOptions(deleteExtra);
    options.direction = MirrorDirection::upload;
    return options;
}

}  // namespace

class MirrorPlanTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MirrorPlanTest);
    CPPUNIT_TEST(testEmptyDestinationGetsEverythingDirectoriesFirst);
    CPPUNIT_TEST(testSameSizeAndTimeIsSkipped);
    CPPUNIT_TEST(testChangedSizeOrNewerSourceIsCopied);
    CPPUNIT_TEST(testNewerDestinationIsKept);
    CPPUNIT_TEST(testTimesWithinThePrecisionAreTheSame);
    CPPUNIT_TEST(testServerLocalTimesAreNotComparedWithUtc);
    CPPUNIT_TEST(testDownloadResumesAPartFile);
    CPPUNIT_TEST(testDownloadPartLargerThanTheSourceStartsOver);
    CPPUNIT_TEST(testUploadResumesAShorterRemoteFile);
    CPPUNIT_TEST(testUploadDoesNotResumeAnOlderRemoteFile);
    CPPUNIT_TEST(testDeleteExtraFilesThenDirectoriesDeepestFirst);
    CPPUNIT_TEST(testNothingIsDeletedWithoutTheOption);
    CPPUNIT_TEST(testNothingIsDeletedWhereTheSourceListingWasPartlyRead);
    CPPUNIT_TEST(testANameThatDiffersOnlyInCaseIsNotDeleted);
    CPPUNIT_TEST(testSourcePartFileBesideItsNameIsRefused);
    CPPUNIT_TEST(testUnsafeNamesAreRefusedWithTheirSubtrees);
    CPPUNIT_TEST(testTypeConflictsAreRefused);
    CPPUNIT_TEST(testSymlinksAreNotFollowed);
    CPPUNIT_TEST(testSymlinkTargetsCopiedOnRequest);
    CPPUNIT_TEST(testImplicitDirectoriesAreMade);
    CPPUNIT_TEST(testDuplicatesAreReported);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEmptyDestinationGetsEverythingDirectoriesFirst() {
        const std::vector<FileEntry> source = {
            file("z.txt", 1),      file("docs/b.txt", 2),     directory("docs"), file("docs-old.txt", 3),
            directory("docs/sub"), file("docs/sub/c.txt", 4), file("a.txt", 5)};
        const auto plan = planMirror(source, {}, downloadOptions());
        CPPUNIT_ASSERT(plan.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(joined({"copy a.txt", "mkdir docs", "copy docs/b.txt", "mkdir docs/sub",
                                     "copy docs/sub/c.txt", "copy docs-old.txt", "copy z.txt"}),
                             joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("missing"), reasonFor(plan, "a.txt"));
    }

    void testSameSizeAndTimeIsSkipped() {
        const std::vector<FileEntry> tree = {directory("docs"), file("docs/a.txt", 1024)};
        const auto plan = planMirror(tree, tree, downloadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"skip docs/a.txt"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("same size and time"), reasonFor(plan, "docs/a.txt"));
    }

    void testChangedSizeOrNewerSourceIsCopied() {
        const auto plan = planMirror({file("grown.log", 2048), file("touched.txt", 10, t0 + 1)},
                                     {file("grown.log", 1024), file("touched.txt", 10, t0)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy grown.log", "copy touched.txt"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("size differs (2048 at the source, 1024 at the destination)"),
                             reasonFor(plan, "grown.log"));
        CPPUNIT_ASSERT_EQUAL(std::string("source newer"), reasonFor(plan, "touched.txt"));
    }

    void testNewerDestinationIsKept() {
        const auto plan = planMirror({file("a.txt", 10, t0)}, {file("a.txt", 10, t0 + 3600)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"skip a.txt"}), joined(render(plan)));
    }

    void testTimesWithinThePrecisionAreTheSame() {
        // A minute-precision time (LIST converted to UTC, or a FAT disk) hides seconds.
        auto plan = planMirror({file("a", 1, t0 + 59, TimePrecision::second)},
                               {file("a", 1, t0, TimePrecision::minute)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"skip a"}), joined(render(plan)));
        plan = planMirror({file("a", 1, t0 + 60)}, {file("a", 1, t0, TimePrecision::minute)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy a"}), joined(render(plan)));
        plan = planMirror({file("a", 1, t0 + 86399, TimePrecision::day)}, {file("a", 1, t0)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"skip a"}), joined(render(plan)));
    }

    void testServerLocalTimesAreNotComparedWithUtc() {
        // LIST's wall-clock time in an unknown zone: only the size decides.
        auto plan = planMirror({file("a", 10, t0 + 7200, TimePrecision::minute, false)}, {file("a", 10, t0)},
                               downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"skip a"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("same size"), reasonFor(plan, "a"));
        // Neither size nor time to compare: copy rather than trust a name.
        FileEntry bare = file("b", 0);
        bare.size.reset();
        bare.mtime.reset();
        plan = planMirror({bare}, {file("b", 10)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy b"}), joined(render(plan)));
    }

    void testDownloadResumesAPartFile() {
        const auto plan =
            planMirror({directory("iso"), file("iso/debian.iso", 10485760)},
                       {directory("iso"), file("iso/debian.iso.part", 4096, t0 + 60)}, downloadOptions(true));
        // The .part is not an extra to delete: it becomes debian.iso.
        CPPUNIT_ASSERT_EQUAL(joined({"resume iso/debian.iso @4096"}), joined(render(plan)));
        const auto complete = planMirror({file("a.bin", 100)}, {file("a.bin.part", 100)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"resume a.bin @100"}), joined(render(complete)));
        CPPUNIT_ASSERT_EQUAL(std::string("already complete"), reasonFor(complete, "a.bin"));
    }

    void testDownloadPartLargerThanTheSourceStartsOver() {
        const auto plan = planMirror({file("a.bin", 100)}, {file("a.bin.part", 200)}, downloadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"copy a.bin"}), joined(render(plan)));
        CPPUNIT_ASSERT(reasonFor(plan, "a.bin").find("starting over") != std::string::npos);
        // A stale .part next to a finished file is an extra, deleted with --delete.
        const auto stale =
            planMirror({file("b.bin", 100)}, {file("b.bin", 100), file("b.bin.part", 50)}, downloadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"skip b.bin", "delete b.bin.part"}), joined(render(stale)));
        // A changed file's download rewrites its .part: that one stays.
        const auto changed =
            planMirror({file("d.bin", 100)}, {file("d.bin", 90), file("d.bin.part", 50)}, downloadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"copy d.bin"}), joined(render(changed)));
        // A server file really named "c.part" beside "c" would be clobbered
        // by c's download through c.part: refused (see
        // testSourcePartFileBesideItsNameIsRefused); alone it is any file.
        const auto real = planMirror({file("c", 10), file("c.part", 5)}, {file("c.part", 5)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy c"}), joined(render(real)));
        const auto alone = planMirror({file("e.part", 5)}, {file("e.part", 5)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"skip e.part"}), joined(render(alone)));
    }

    void testUploadResumesAShorterRemoteFile() {
        // The remote copy was written after the local file last changed: an
        // interrupted upload of this version.
        const auto plan =
            planMirror({file("video.mp4", 1000000, t0)}, {file("video.mp4", 250000, t0 + 600)}, uploadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"resume video.mp4 @250000"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("partial upload of 250000 of 1000000 bytes"), reasonFor(plan, "video.mp4"));
        // Download mirrors never resume over a complete-looking NAME.
        const auto download =
            planMirror({file("video.mp4", 1000000, t0)}, {file("video.mp4", 250000, t0 + 600)}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy video.mp4"}), joined(render(download)));
    }

    void testUploadDoesNotResumeAnOlderRemoteFile() {
        // The local file changed after the remote one was written: another version.
        auto plan = planMirror({file("a.txt", 1000, t0 + 600)}, {file("a.txt", 250, t0)}, uploadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy a.txt"}), joined(render(plan)));
        // A remote time in the server's unknown zone cannot vouch for it either.
        plan = planMirror({file("a.txt", 1000, t0)}, {file("a.txt", 250, t0 + 600, TimePrecision::minute, false)},
                          uploadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy a.txt"}), joined(render(plan)));
        // A remote file larger than the local one is replaced, not resumed.
        plan = planMirror({file("a.txt", 100, t0)}, {file("a.txt", 250, t0 + 600)}, uploadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy a.txt"}), joined(render(plan)));
        // An empty remote file: nothing to resume.
        plan = planMirror({file("a.txt", 100, t0)}, {file("a.txt", 0, t0 + 600)}, uploadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy a.txt"}), joined(render(plan)));
    }

    void testDeleteExtraFilesThenDirectoriesDeepestFirst() {
        const std::vector<FileEntry> source = {directory("keep"), file("keep/a", 1), file("new", 1)};
        const std::vector<FileEntry> destination = {directory("keep"), file("keep/a", 1),      file("keep/stale", 1),
                                                    directory("old"),  directory("old/deep"),  file("old/deep/x", 1),
                                                    file("old/y", 1),  symlink("link", "/etc")};
        const auto plan = planMirror(source, destination, uploadOptions(true));
        CPPUNIT_ASSERT(plan.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(joined({"skip keep/a", "copy new", "delete old/deep/x", "delete keep/stale",
                                     "delete old/y", "delete link", "rmdir old/deep", "rmdir old"}),
                             joined(render(plan)));
    }

    void testNothingIsDeletedWhereTheSourceListingWasPartlyRead() {
        // The root's listing skipped a line: "keep" and "gone" may be what
        // it named (a directory "gone" with its files too), so neither is
        // deleted. "full" was listed whole, so its extra goes.
        const std::vector<FileEntry> source = {file("a", 1), directory("full"), file("full/b", 1)};
        const std::vector<FileEntry> destination = {file("a", 1),       file("keep", 1),   directory("gone"),
                                                    file("gone/x", 1),  directory("full"), file("full/b", 1),
                                                    file("full/old", 1)};
        MirrorOptions options = downloadOptions(true);
        options.partlyListedSourceDirectories = {""};
        const auto plan = planMirror(source, destination, options);
        CPPUNIT_ASSERT_EQUAL(joined({"skip a", "skip full/b", "delete full/old"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, plan.warnings.size());
        CPPUNIT_ASSERT(plan.warnings[0].find("not read whole") != std::string::npos);
    }

    void testANameThatDiffersOnlyInCaseIsNotDeleted() {
        // Where the server ignores case, "ReadMe.TXT" is the file the upload
        // of "readme.txt" just wrote: deleting it would delete that.
        const std::vector<FileEntry> source = {file("readme.txt", 5), directory("Docs"), file("Docs/a", 1)};
        const std::vector<FileEntry> destination = {file("ReadMe.TXT", 3), directory("docs"), file("docs/A", 1),
                                                    file("old", 1)};
        const auto plan = planMirror(source, destination, uploadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"mkdir Docs", "copy Docs/a", "copy readme.txt", "delete old"}),
                             joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, plan.warnings.size());
        CPPUNIT_ASSERT(plan.warnings[0].find("differs only in case") != std::string::npos);
        // A destination that lists both names tells case apart: the stale one goes.
        const auto both = planMirror({file("readme", 5)}, {file("readme", 5), file("README", 3)}, uploadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"skip readme", "delete README"}), joined(render(both)));
    }

    void testSourcePartFileBesideItsNameIsRefused() {
        // The download of "g" writes g.part: the server's own g.part cannot
        // be copied beside it, in either order, nor deleted with --delete.
        const std::vector<FileEntry> source = {file("g", 300), file("g.part", 10), file("lone.part", 5)};
        const auto plan = planMirror(source, {file("g.part", 10)}, downloadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"copy g", "copy lone.part"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, plan.warnings.size());
        CPPUNIT_ASSERT(plan.warnings[0].find("g.part") != std::string::npos);
        // An upload writes no .part: both go.
        const auto up = planMirror(source, {}, uploadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy g", "copy g.part", "copy lone.part"}), joined(render(up)));
    }

    void testNothingIsDeletedWithoutTheOption() {
        const auto plan = planMirror({file("a", 1)}, {file("a", 1), file("b", 1), directory("c")}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"skip a"}), joined(render(plan)));
    }

    void testUnsafeNamesAreRefusedWithTheirSubtrees() {
        const std::vector<FileEntry> source = {
            file("ok.txt", 1),  file("../escape", 1),   directory(".."),
            file("../../x", 1), file("/etc/passwd", 1), file("docs/a\nb", 1),
            file("a/./b", 1),   directory("evil"),      file(std::string("nul\0x", 5), 1)};
        const auto plan = planMirror(source, {}, downloadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"mkdir evil", "copy ok.txt"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), plan.warnings.size());
        CPPUNIT_ASSERT_EQUAL(std::string("refused '../escape': '..' leaves the directory"), plan.warnings[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("refused '/etc/passwd': absolute path"), plan.warnings[3]);
        // The name is printed escaped: a newline cannot forge a plan line.
        CPPUNIT_ASSERT_EQUAL(std::string("refused 'docs/a\\x0ab': name holds a control character"), plan.warnings[4]);
        // An unsafe destination entry is reported and never deleted.
        const auto destination = planMirror({}, {file("../outside", 1)}, uploadOptions(true));
        CPPUNIT_ASSERT(destination.steps.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("refused destination '../outside': '..' leaves the directory"),
                             destination.warnings.at(0));
    }

    void testTypeConflictsAreRefused() {
        const std::vector<FileEntry> source = {file("a", 1), directory("b"), file("b/inner", 1), file("c", 1)};
        const std::vector<FileEntry> destination = {directory("a"), file("a/x", 1), file("b", 1),
                                                    symlink("c", "/etc/passwd")};
        const auto plan = planMirror(source, destination, downloadOptions(true));
        // Nothing under a conflict is copied, and --delete leaves it alone.
        CPPUNIT_ASSERT_EQUAL(joined({}), joined(render(plan)));
        // Each is a conflict, a failed step for the run: the destination stays unlike the source.
        CPPUNIT_ASSERT(plan.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), plan.conflicts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a"), plan.conflicts[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("a file at the source, a directory at the destination"),
                             plan.conflicts[0].second);
        CPPUNIT_ASSERT_EQUAL(std::string("a directory at the source, a file at the destination"),
                             plan.conflicts[1].second);
        CPPUNIT_ASSERT_EQUAL(std::string("a file at the source, a symlink at the destination"),
                             plan.conflicts[2].second);
    }

    void testSymlinksAreNotFollowed() {
        const std::vector<FileEntry> source = {symlink("etc", "/etc"), file("etc/passwd", 1), symlink("latest", "a"),
                                               file("a", 1)};
        const std::vector<FileEntry> destination = {directory("etc"), file("etc/shadow", 1)};
        const auto plan = planMirror(source, destination, downloadOptions(true));
        CPPUNIT_ASSERT_EQUAL(joined({"copy a", "skip etc", "skip latest"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("symlink not followed"), reasonFor(plan, "latest"));
        CPPUNIT_ASSERT_EQUAL(std::string("refused 'etc/passwd': under 'etc', which is not a directory"),
                             plan.warnings.at(0));
    }

    void testSymlinkTargetsCopiedOnRequest() {
        MirrorOptions options = downloadOptions();
        options.copySymlinkTargets = true;
        const auto plan =
            planMirror({symlink("latest", "a-1.2.tar.gz"), symlink("sub", "/")}, {directory("sub")}, options);
        CPPUNIT_ASSERT_EQUAL(joined({"copy latest"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("symlink target"), reasonFor(plan, "latest"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), plan.warnings.size());
    }

    void testImplicitDirectoriesAreMade() {
        const auto plan = planMirror({file("a/b/c.txt", 1)}, {directory("a")}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"mkdir a/b", "copy a/b/c.txt"}), joined(render(plan)));
    }

    void testDuplicatesAreReported() {
        const auto plan = planMirror({file("a", 1), file("a", 2)}, {}, downloadOptions());
        CPPUNIT_ASSERT_EQUAL(joined({"copy a"}), joined(render(plan)));
        CPPUNIT_ASSERT_EQUAL(std::string("refused 'a': listed twice, the first one is used"), plan.warnings.at(0));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MirrorPlanTest);
