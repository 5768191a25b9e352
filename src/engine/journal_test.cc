#include "engine/journal.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace kanaria::engine {
namespace {

using std::chrono::milliseconds;

WallTime AtMillis(int64_t ms) { return WallTime(milliseconds(ms)); }

ReleaseRecord MakeRelease(std::string id, std::string cluster, std::string service,
                          int64_t started_ms, std::string outcome = kOutcomeRunning) {
  ReleaseRecord r;
  r.release_id = std::move(id);
  r.app_name = "web";
  r.cluster = std::move(cluster);
  r.service = std::move(service);
  r.config_digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  r.task_definition = "web:42";
  r.previous_task_definition = "web:41";
  r.started_at = AtMillis(started_ms);
  r.outcome = std::move(outcome);
  r.summary = "";
  r.state = nlohmann::json::object();
  return r;
}

std::vector<std::string> Ids(const std::vector<ReleaseRecord>& releases) {
  std::vector<std::string> ids;
  for (const auto& r : releases) ids.push_back(r.release_id);
  return ids;
}

void ExpectSameRelease(const ReleaseRecord& want, const ReleaseRecord& got) {
  EXPECT_EQ(want.release_id, got.release_id);
  EXPECT_EQ(want.app_name, got.app_name);
  EXPECT_EQ(want.cluster, got.cluster);
  EXPECT_EQ(want.service, got.service);
  EXPECT_EQ(want.config_digest, got.config_digest);
  EXPECT_EQ(want.task_definition, got.task_definition);
  EXPECT_EQ(want.previous_task_definition, got.previous_task_definition);
  EXPECT_EQ(want.started_at, got.started_at);
  EXPECT_EQ(want.finished_at, got.finished_at);
  EXPECT_EQ(want.outcome, got.outcome);
  EXPECT_EQ(want.summary, got.summary);
  EXPECT_EQ(want.state, got.state);
}

// Runs `body` in a child process and returns its wait status. The child never returns into
// gtest: it leaves with _exit(body()) (or by whatever signal body raises).
template <typename Body>
int RunInChild(Body body) {
  const pid_t pid = fork();
  if (pid == 0) _exit(body());
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  return wstatus;
}

// Opens `path` with the raw C API and runs constant SQL (for tests that forge files).
void RawExec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

std::string RawQueryText(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/kanaria-journal-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/state/journal.sqlite";
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  std::unique_ptr<Journal> OpenJournal(const std::string& path) {
    auto journal = Journal::Open(path);
    EXPECT_TRUE(journal.ok()) << journal.status().ToString();
    return journal.ok() ? std::move(journal).value() : nullptr;
  }
  std::unique_ptr<Journal> OpenJournal() { return OpenJournal(path_); }

  std::string dir_;
  std::string path_;
};

TEST_F(JournalTest, ReleaseRoundTripsEveryField) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ReleaseRecord finished = MakeRelease("kr-1", "prod", "web", 1'700'000'000'123, kOutcomeReleased);
  finished.finished_at = AtMillis(1'700'000'600'456);
  finished.summary = "all stages passed";
  finished.state = {{"phase", "done"}, {"weights", {100, 0}}, {"nested", {{"x", nullptr}}}};
  ReleaseRecord running = MakeRelease("kr-2", "prod", "api", 1'700'000'000'999);
  running.task_definition = "";
  running.state = nullptr;

  ASSERT_TRUE(journal->BeginRelease(finished).ok());
  ASSERT_TRUE(journal->BeginRelease(running).ok());

  auto got = journal->FindRelease("kr-1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  ExpectSameRelease(finished, **got);

  got = journal->FindRelease("kr-2");
  ASSERT_TRUE(got.ok() && got->has_value());
  ExpectSameRelease(running, **got);
  EXPECT_FALSE((*got)->finished_at.has_value());

  got = journal->FindRelease("kr-none");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TEST_F(JournalTest, BeginReleaseRefusesDuplicatesAndBadInput) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok());

  ReleaseRecord again = MakeRelease("kr-1", "prod", "other", 2000);
  EXPECT_EQ(journal->BeginRelease(again).code(), StatusCode::kConflict);
  EXPECT_EQ((*journal->FindRelease("kr-1"))->service, "web");  // the original is untouched

  EXPECT_EQ(journal->BeginRelease(MakeRelease("kr-2", "prod", "web", 1, "done")).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(journal->BeginRelease(MakeRelease("", "prod", "web", 1)).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(journal->BeginRelease(MakeRelease("kr-3", "prod", "", 1)).code(),
            StatusCode::kInvalidInput);
}

TEST_F(JournalTest, UpdateReleaseWritesMutableFieldsOnly) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ReleaseRecord r = MakeRelease("kr-1", "prod", "web", 1000);
  r.task_definition = "";
  ASSERT_TRUE(journal->BeginRelease(r).ok());

  r.task_definition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:43";
  r.previous_task_definition = "web:40";
  r.finished_at = AtMillis(5000);
  r.outcome = kOutcomeRolledBack;
  r.summary = "5xx rate above 1%";
  r.state = {{"step", 4}};
  ASSERT_TRUE(journal->UpdateRelease(r).ok());
  ExpectSameRelease(r, **journal->FindRelease("kr-1"));

  ReleaseRecord moved = r;
  moved.cluster = "staging";
  moved.summary = "must not be written";
  EXPECT_EQ(journal->UpdateRelease(moved).code(), StatusCode::kInvalidInput);
  ReleaseRecord other_digest = r;
  other_digest.config_digest = "00";
  EXPECT_EQ(journal->UpdateRelease(other_digest).code(), StatusCode::kInvalidInput);
  ExpectSameRelease(r, **journal->FindRelease("kr-1"));

  ReleaseRecord bad_outcome = r;
  bad_outcome.outcome = "rolledback";
  EXPECT_EQ(journal->UpdateRelease(bad_outcome).code(), StatusCode::kInvalidInput);

  EXPECT_EQ(journal->UpdateRelease(MakeRelease("kr-missing", "prod", "web", 1000)).code(),
            StatusCode::kNotFound);
}

TEST_F(JournalTest, CallRoundTripsEveryField) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok());

  auto id = journal->CallStarted("kr-1", "canary-rollout/create-task-set", "ecs:CreateTaskSet",
                                 "kr-1-canary-rollout", AtMillis(2001));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto id2 = journal->CallStarted("kr-1", "traffic-routing/modify-rule", "elbv2:ModifyRule", "",
                                  AtMillis(3003));
  ASSERT_TRUE(id2.ok());
  EXPECT_NE(*id, *id2);
  ASSERT_TRUE(journal->CallFinished(*id, "ok", AtMillis(2500)).ok());
  ASSERT_TRUE(
      journal->CallFinished(*id2, "ThrottlingException: Rate exceeded", AtMillis(3100)).ok());

  auto calls = journal->Calls("kr-1");
  ASSERT_TRUE(calls.ok()) << calls.status().ToString();
  ASSERT_EQ(calls->size(), 2u);
  const CallRecord& c = (*calls)[0];
  EXPECT_EQ(c.id, *id);
  EXPECT_EQ(c.release_id, "kr-1");
  EXPECT_EQ(c.sequence, 1);
  EXPECT_EQ(c.step, "canary-rollout/create-task-set");
  EXPECT_EQ(c.operation, "ecs:CreateTaskSet");
  EXPECT_EQ(c.client_token, "kr-1-canary-rollout");
  EXPECT_EQ(c.started_at, AtMillis(2001));
  EXPECT_EQ(c.finished_at, AtMillis(2500));
  EXPECT_EQ(c.result, "ok");
  EXPECT_EQ((*calls)[1].id, *id2);
  EXPECT_EQ((*calls)[1].sequence, 2);
  EXPECT_EQ((*calls)[1].client_token, "");
  EXPECT_EQ((*calls)[1].result, "ThrottlingException: Rate exceeded");

  // A call finishes once; unknown ids, empty results and unknown releases are refused.
  EXPECT_EQ(journal->CallFinished(*id, "ok", AtMillis(9000)).code(), StatusCode::kConflict);
  EXPECT_EQ((*journal->Calls("kr-1"))[0].finished_at, AtMillis(2500));
  EXPECT_EQ(journal->CallFinished(*id2 + 100, "ok", AtMillis(9000)).code(), StatusCode::kNotFound);
  auto id3 = journal->CallStarted("kr-1", "s", "ecs:DeleteTaskSet", "", AtMillis(4000));
  ASSERT_TRUE(id3.ok());
  EXPECT_EQ(journal->CallFinished(*id3, "", AtMillis(9000)).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(
      journal->CallStarted("kr-missing", "s", "ecs:DeleteTaskSet", "", AtMillis(1)).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(journal->CallStarted("kr-1", "s", "", "", AtMillis(1)).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_TRUE(journal->Calls("kr-missing")->empty());
}

TEST_F(JournalTest, SequenceNumbersCountPerRelease) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-a", "prod", "web", 1000)).ok());
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-b", "prod", "api", 1000)).ok());
  // Interleaved: each release counts on its own.
  for (const char* release : {"kr-a", "kr-b", "kr-a", "kr-a", "kr-b"}) {
    ASSERT_TRUE(
        journal->CallStarted(release, "step", "ecs:UpdateService", "", AtMillis(2000)).ok());
  }
  auto calls_a = journal->Calls("kr-a");
  auto calls_b = journal->Calls("kr-b");
  ASSERT_TRUE(calls_a.ok() && calls_b.ok());
  std::vector<int64_t> a, b;
  for (const auto& c : *calls_a) a.push_back(c.sequence);
  for (const auto& c : *calls_b) b.push_back(c.sequence);
  EXPECT_EQ(a, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(b, (std::vector<int64_t>{1, 2}));
}

TEST_F(JournalTest, CallCountsGroupByOperation) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok());
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-2", "prod", "web", 2000)).ok());
  for (const char* op : {"ecs:CreateTaskSet", "elbv2:ModifyRule", "ecs:CreateTaskSet",
                         "elbv2:ModifyRule", "elbv2:ModifyRule", "ecs:DeleteTaskSet"}) {
    ASSERT_TRUE(journal->CallStarted("kr-1", "step", op, "", AtMillis(1500)).ok());
  }
  ASSERT_TRUE(journal->CallStarted("kr-2", "step", "ecs:CreateTaskSet", "", AtMillis(2500)).ok());
  auto counts = journal->CallCounts("kr-1");
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(*counts, (std::map<std::string, int>{
                         {"ecs:CreateTaskSet", 2}, {"ecs:DeleteTaskSet", 1}, {"elbv2:ModifyRule", 3}}));
  EXPECT_TRUE(journal->CallCounts("kr-none")->empty());
}

TEST_F(JournalTest, EventsRoundTripInOrder) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok());
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-2", "prod", "web", 1000)).ok());
  const nlohmann::json analysis = {{"metric", "5xx"}, {"value", 0.25}, {"ok", false}};
  ASSERT_TRUE(journal->AddEvent("kr-1", "stage-started", {{"stage", "ECS_CANARY_ROLLOUT"}},
                                AtMillis(3000)).ok());
  ASSERT_TRUE(journal->AddEvent("kr-2", "stage-started", nullptr, AtMillis(3100)).ok());
  // Inserted later but stamped earlier: insertion order wins.
  ASSERT_TRUE(journal->AddEvent("kr-1", "analysis", analysis, AtMillis(2000)).ok());

  auto events = journal->Events("kr-1");
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].release_id, "kr-1");
  EXPECT_EQ((*events)[0].type, "stage-started");
  EXPECT_EQ((*events)[0].at, AtMillis(3000));
  EXPECT_EQ((*events)[0].data, (nlohmann::json{{"stage", "ECS_CANARY_ROLLOUT"}}));
  EXPECT_EQ((*events)[1].type, "analysis");
  EXPECT_EQ((*events)[1].at, AtMillis(2000));
  EXPECT_EQ((*events)[1].data, analysis);
  EXPECT_LT((*events)[0].id, (*events)[1].id);
  EXPECT_EQ(journal->Events("kr-2")->at(0).data, nullptr);

  EXPECT_EQ(journal->AddEvent("kr-missing", "x", {}, AtMillis(1)).code(), StatusCode::kNotFound);
  EXPECT_EQ(journal->AddEvent("kr-1", "", {}, AtMillis(1)).code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(journal->Events("kr-missing")->empty());
}

TEST_F(JournalTest, TwoJournalsOnOneFileSeeEachOthersWrites) {
  auto first = OpenJournal();
  auto second = OpenJournal();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);

  ASSERT_TRUE(first->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok());
  auto seen = second->FindUnfinished("prod", "web");
  ASSERT_TRUE(seen.ok() && seen->has_value());
  EXPECT_EQ((*seen)->release_id, "kr-1");

  auto call =
      second->CallStarted("kr-1", "prepare/modify-rule", "elbv2:ModifyRule", "", AtMillis(1));
  ASSERT_TRUE(call.ok());
  ASSERT_TRUE(first->CallFinished(*call, "ok", AtMillis(2)).ok());
  ASSERT_TRUE(second->CallStarted("kr-1", "s", "ecs:CreateTaskSet", "", AtMillis(3)).ok());
  auto calls = first->Calls("kr-1");
  ASSERT_EQ(calls->size(), 2u);
  EXPECT_EQ((*calls)[0].result, "ok");
  EXPECT_EQ((*calls)[1].sequence, 2);

  ASSERT_TRUE(second->AddEvent("kr-1", "note", {{"n", 1}}, AtMillis(4)).ok());
  EXPECT_EQ(first->Events("kr-1")->size(), 1u);
  ReleaseRecord done = **first->FindRelease("kr-1");
  done.outcome = kOutcomeReleased;
  ASSERT_TRUE(first->UpdateRelease(done).ok());
  EXPECT_FALSE(second->FindUnfinished("prod", "web")->has_value());
  EXPECT_EQ((*second->LastReleased("prod", "web"))->release_id, "kr-1");
}

TEST_F(JournalTest, QueriesOrderNewestFirstAndFilterByClusterAndService) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  // Inserted out of time order, with neighbours on another cluster and another service.
  for (const ReleaseRecord& r : {
           MakeRelease("kr-web-2", "prod", "web", 2000, kOutcomeReleased),
           MakeRelease("kr-web-1", "prod", "web", 1000, kOutcomeReleased),
           MakeRelease("kr-web-4", "prod", "web", 4000, kOutcomeInterrupted),
           MakeRelease("kr-web-3", "prod", "web", 3000, kOutcomeRolledBack),
           MakeRelease("kr-web-5", "prod", "web", 5000, kOutcomeNeedsAttention),
           MakeRelease("kr-stg-9", "staging", "web", 9000, kOutcomeRunning),
           MakeRelease("kr-api-8", "prod", "api", 8000, kOutcomeReleased),
       }) {
    ASSERT_TRUE(journal->BeginRelease(r).ok()) << r.release_id;
  }

  auto history = journal->History("prod", "web", 10);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  EXPECT_EQ(Ids(*history),
            (std::vector<std::string>{"kr-web-5", "kr-web-4", "kr-web-3", "kr-web-2", "kr-web-1"}));
  EXPECT_EQ(Ids(*journal->History("prod", "web", 2)),
            (std::vector<std::string>{"kr-web-5", "kr-web-4"}));
  EXPECT_EQ(journal->History("prod", "web", 0).status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(journal->History("prod", "nothing", 10)->empty());

  // needs_attention (newer) is not unfinished; interrupted is.
  EXPECT_EQ((*journal->FindUnfinished("prod", "web"))->release_id, "kr-web-4");
  EXPECT_EQ((*journal->FindUnfinished("staging", "web"))->release_id, "kr-stg-9");
  EXPECT_FALSE(journal->FindUnfinished("prod", "api")->has_value());

  // rolled_back (newer) is skipped; the other service and cluster do not leak in.
  EXPECT_EQ((*journal->LastReleased("prod", "web"))->release_id, "kr-web-2");
  EXPECT_EQ((*journal->LastReleased("prod", "api"))->release_id, "kr-api-8");
  EXPECT_FALSE(journal->LastReleased("staging", "web")->has_value());

  // A newer running release outranks the interrupted one; equal start times go by insertion.
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-web-6", "prod", "web", 6000)).ok());
  ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-web-6b", "prod", "web", 6000)).ok());
  EXPECT_EQ((*journal->FindUnfinished("prod", "web"))->release_id, "kr-web-6b");
  EXPECT_EQ(Ids(*journal->History("prod", "web", 2)),
            (std::vector<std::string>{"kr-web-6b", "kr-web-6"}));
}

TEST_F(JournalTest, InFlightCallIsVisibleAfterReopening) {
  int64_t call_id = 0;
  {
    auto journal = OpenJournal();
    ASSERT_NE(journal, nullptr);
    ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok());
    auto done =
        journal->CallStarted("kr-1", "prepare/modify-rule", "elbv2:ModifyRule", "", AtMillis(1));
    ASSERT_TRUE(done.ok());
    ASSERT_TRUE(journal->CallFinished(*done, "ok", AtMillis(2)).ok());
    auto id = journal->CallStarted("kr-1", "canary-rollout/create-task-set", "ecs:CreateTaskSet",
                                   "tok-1", AtMillis(3));
    ASSERT_TRUE(id.ok());
    call_id = *id;
  }
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  auto calls = journal->Calls("kr-1");
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 2u);
  EXPECT_EQ((*calls)[1].id, call_id);
  EXPECT_EQ((*calls)[1].result, "");
  EXPECT_FALSE((*calls)[1].finished_at.has_value());
  EXPECT_EQ((*calls)[1].client_token, "tok-1");
  // Recovery can then settle it.
  EXPECT_TRUE(journal->CallFinished(call_id, "ok", AtMillis(10)).ok());
}

TEST_F(JournalTest, InFlightCallSurvivesAKilledProcess) {
  // The child journals a call and is SIGKILLed before closing anything: what the parent reads is
  // exactly what a resumed `kanaria deploy` would read after a crash mid-call.
  const int wstatus = RunInChild([&] {
    auto journal = Journal::Open(path_);
    if (!journal.ok()) return 10;
    if (!(*journal)->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok()) return 11;
    if (!(*journal)->CallStarted("kr-1", "canary-rollout/create-task-set", "ecs:CreateTaskSet",
                                 "tok-1", AtMillis(2000)).ok()) {
      return 12;
    }
    raise(SIGKILL);
    return 13;
  });
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "child exit code " << WEXITSTATUS(wstatus);
  ASSERT_EQ(WTERMSIG(wstatus), SIGKILL);

  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  auto unfinished = journal->FindUnfinished("prod", "web");
  ASSERT_TRUE(unfinished.ok() && unfinished->has_value());
  EXPECT_EQ((*unfinished)->release_id, "kr-1");
  auto calls = journal->Calls("kr-1");
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 1u);
  EXPECT_EQ((*calls)[0].operation, "ecs:CreateTaskSet");
  EXPECT_EQ((*calls)[0].result, "");
  EXPECT_FALSE((*calls)[0].finished_at.has_value());
}

TEST_F(JournalTest, TwoProcessesWritingOneReleaseGetDistinctSequences) {
  {
    auto journal = OpenJournal();
    ASSERT_NE(journal, nullptr);
    ASSERT_TRUE(journal->BeginRelease(MakeRelease("kr-1", "prod", "web", 1000)).ok());
  }
  constexpr int kPerProcess = 25;
  auto write_calls = [&](const char* who) {
    auto journal = Journal::Open(path_);
    if (!journal.ok()) return 10;
    for (int i = 0; i < kPerProcess; ++i) {
      if (!(*journal)->CallStarted("kr-1", who, "ecs:UpdateService", "", AtMillis(i)).ok()) {
        return 11;
      }
    }
    return 0;
  };
  const pid_t pid = fork();
  if (pid == 0) _exit(write_calls("child"));
  const int parent_result = write_calls("parent");
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  ASSERT_EQ(parent_result, 0);
  ASSERT_TRUE(WIFEXITED(wstatus));
  ASSERT_EQ(WEXITSTATUS(wstatus), 0);

  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  auto calls = journal->Calls("kr-1");
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 2u * kPerProcess);
  std::set<int64_t> ids;
  for (size_t i = 0; i < calls->size(); ++i) {
    EXPECT_EQ((*calls)[i].sequence, static_cast<int64_t>(i + 1));
    ids.insert((*calls)[i].id);
  }
  EXPECT_EQ(ids.size(), calls->size());
}

TEST_F(JournalTest, CreatesPrivateParentDirectoriesAndFile) {
  const std::string path = dir_ + "/a/b/c/journal.sqlite";
  ASSERT_NE(OpenJournal(path), nullptr);
  for (const char* sub : {"/a", "/a/b", "/a/b/c"}) {
    struct stat st {};
    ASSERT_EQ(stat((dir_ + sub).c_str(), &st), 0) << sub;
    EXPECT_TRUE(S_ISDIR(st.st_mode)) << sub;
    EXPECT_EQ(st.st_mode & 0777, 0700u) << sub;
  }
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // WAL mode is a property of the file, so other tools (and other processes) see it.
  EXPECT_EQ(RawQueryText(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawQueryText(path, "PRAGMA user_version"), "1");
}

TEST_F(JournalTest, ExistingParentDirectoryIsLeftAlone) {
  ASSERT_EQ(mkdir((dir_ + "/shared").c_str(), 0755), 0);
  ASSERT_EQ(chmod((dir_ + "/shared").c_str(), 0755), 0);
  ASSERT_NE(OpenJournal(dir_ + "/shared/journal.sqlite"), nullptr);
  struct stat st {};
  ASSERT_EQ(stat((dir_ + "/shared").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST_F(JournalTest, GarbageFileIsUnavailableNamesThePathAndIsLeftAsIs) {
  std::filesystem::create_directories(dir_ + "/state");
  std::string garbage;
  for (int i = 0; i < 200; ++i) garbage += "this is not a database, it is a shopping list\n";
  std::ofstream(path_, std::ios::binary) << garbage;

  auto journal = Journal::Open(path_);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(journal.status().message().find(path_), std::string::npos)
      << journal.status().message();
  EXPECT_NE(journal.status().message().find("move it aside"), std::string::npos)
      << journal.status().message();

  std::stringstream after;
  after << std::ifstream(path_, std::ios::binary).rdbuf();
  EXPECT_EQ(after.str(), garbage);
}

TEST_F(JournalTest, SomeoneElsesSqliteDatabaseIsRefused) {
  std::filesystem::create_directories(dir_ + "/state");
  RawExec(path_, "CREATE TABLE releases (name TEXT); INSERT INTO releases VALUES ('v1');");
  auto journal = Journal::Open(path_);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(journal.status().message().find("not a kanaria journal"), std::string::npos)
      << journal.status().message();
  EXPECT_EQ(RawQueryText(path_, "SELECT name FROM releases"), "v1");
}

TEST_F(JournalTest, NewerSchemaVersionIsRefused) {
  ASSERT_NE(OpenJournal(), nullptr);
  RawExec(path_, "PRAGMA user_version = 99");
  auto journal = Journal::Open(path_);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), StatusCode::kConflict);
  EXPECT_NE(journal.status().message().find("99"), std::string::npos)
      << journal.status().message();
  EXPECT_NE(journal.status().message().find(path_), std::string::npos)
      << journal.status().message();
  EXPECT_EQ(RawQueryText(path_, "PRAGMA user_version"), "99");
}

TEST_F(JournalTest, EmptyOrUnopenablePathIsAnError) {
  EXPECT_EQ(Journal::Open("").status().code(), StatusCode::kInvalidInput);
  std::filesystem::create_directories(dir_ + "/state/journal.sqlite");  // a directory
  auto journal = Journal::Open(path_);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(journal.status().message().find(path_), std::string::npos);
}

TEST_F(JournalTest, UnicodeAndQuotesSurvive) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ReleaseRecord r = MakeRelease("kr-'q'", "prod \"blue\"", "wéb-🐤", 1000, kOutcomeRolledBack);
  r.summary = "rolled back: 5xx 12% > 5% — «canary» it's \"bad\"; DROP TABLE releases; -- 日本語";
  r.state = {{"note", "ünïcödé 'single' \"double\" \\ back\nslash 🐤"}};
  ASSERT_TRUE(journal->BeginRelease(r).ok());
  ASSERT_TRUE(journal->AddEvent(r.release_id, "note", {{"msg", r.summary}}, AtMillis(2)).ok());
  auto id = journal->CallStarted(r.release_id, "step", "ecs:CreateTaskSet", "", AtMillis(1));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(
      journal->CallFinished(*id, "InvalidParameterException: «name» isn't valid", AtMillis(2))
          .ok());

  ExpectSameRelease(r, **journal->FindRelease(r.release_id));
  EXPECT_EQ(Ids(*journal->History("prod \"blue\"", "wéb-🐤", 5)),
            (std::vector<std::string>{"kr-'q'"}));
  EXPECT_EQ(journal->Events(r.release_id)->at(0).data["msg"], r.summary);
  EXPECT_EQ(journal->Calls(r.release_id)->at(0).result,
            "InvalidParameterException: «name» isn't valid");
}

TEST_F(JournalTest, JsonThatIsNotUtf8IsRefusedWithoutThrowing) {
  auto journal = OpenJournal();
  ASSERT_NE(journal, nullptr);
  ReleaseRecord r = MakeRelease("kr-1", "prod", "web", 1000);
  r.state = {{"bad", std::string("\xff\xfe", 2)}};
  EXPECT_EQ(journal->BeginRelease(r).code(), StatusCode::kInvalidInput);
  EXPECT_FALSE(journal->FindRelease("kr-1")->has_value());
}

}  // namespace
}  // namespace kanaria::engine
