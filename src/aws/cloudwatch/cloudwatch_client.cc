#include "aws/cloudwatch/cloudwatch_client.h"

#include <fmt/format.h>

#include "aws/iso8601.h"
#include "aws/pagination.h"
#include "aws/query_fields.h"

namespace kanaria::aws::cloudwatch {
namespace {

Status CallAllPages(ServiceClient& client, std::string_view operation, const QueryParams& params,
                    const std::function<Status(const nlohmann::json&)>& page) {
  Status status = ForEachQueryPage(
      params, kCloudWatchPaging,
      [&](const QueryParams& page_params) { return client.CallQuery(operation, page_params); },
      page);
  // AWS errors already name the operation; decoding and paging errors need it added.
  if (status.ok() || AsAwsError(status) != nullptr) return status;
  return status.WithContext(fmt::format("cloudwatch {}", operation));
}

}  // namespace

StatusOr<std::unique_ptr<CloudWatchClient>> CloudWatchClient::Create(
    std::shared_ptr<ClientContext> context) {
  ASSIGN_OR_RETURN(std::unique_ptr<ServiceClient> client,
                   ServiceClient::Create(kCloudWatchService, std::move(context)));
  return std::make_unique<CloudWatchClient>(std::move(client));
}

CloudWatchClient::CloudWatchClient(std::unique_ptr<ServiceClient> client)
    : client_(std::move(client)) {}

StatusOr<GetMetricDataResponse> CloudWatchClient::GetMetricData(
    const GetMetricDataRequest& request) {
  if (request.queries.empty()) return InvalidInputError("GetMetricData needs at least one query");
  if (request.start_time >= request.end_time) {
    return InvalidInputError("GetMetricData needs StartTime before EndTime");
  }
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& query : request.queries) queries.push_back(MetricDataQueryTree(query));
  QueryParams params;
  FlattenQueryParams(nlohmann::json{{"MetricDataQueries", std::move(queries)}}, "", params);
  params.emplace_back("StartTime", FormatIso8601(request.start_time));
  params.emplace_back("EndTime", FormatIso8601(request.end_time));
  if (!request.scan_by.empty()) params.emplace_back("ScanBy", request.scan_by);
  if (request.max_datapoints) {
    params.emplace_back("MaxDatapoints", std::to_string(*request.max_datapoints));
  }

  GetMetricDataResponse response;
  auto read_page = [&](const nlohmann::json& tree) -> Status {
    GetMetricDataResponse page;
    ASSIGN_OR_RETURN(std::vector<nlohmann::json> results, ListField(tree, "MetricDataResults"));
    for (const auto& result : results) {
      ASSIGN_OR_RETURN(MetricDataResult parsed, ParseMetricDataResult(result));
      page.results.push_back(std::move(parsed));
    }
    ASSIGN_OR_RETURN(page.messages, ParseMessages(tree, "Messages"));
    MergeMetricDataPage(response, std::move(page));
    return Status::Ok();
  };
  RETURN_IF_ERROR(CallAllPages(*client_, "GetMetricData", params, read_page));
  return response;
}

StatusOr<std::vector<Alarm>> CloudWatchClient::DescribeAlarms(
    const DescribeAlarmsRequest& request) {
  QueryParams params;
  if (!request.alarm_names.empty()) {
    FlattenQueryParams(nlohmann::json{{"AlarmNames", request.alarm_names}}, "", params);
  }
  if (!request.alarm_name_prefix.empty()) {
    params.emplace_back("AlarmNamePrefix", request.alarm_name_prefix);
  }
  if (!request.alarm_types.empty()) {
    FlattenQueryParams(nlohmann::json{{"AlarmTypes", request.alarm_types}}, "", params);
  }
  if (!request.state_value.empty()) params.emplace_back("StateValue", request.state_value);
  if (request.max_records) params.emplace_back("MaxRecords", std::to_string(*request.max_records));

  std::vector<Alarm> metric_alarms, composite_alarms;
  auto read_page = [&](const nlohmann::json& tree) -> Status {
    ASSIGN_OR_RETURN(std::vector<nlohmann::json> metric, ListField(tree, "MetricAlarms"));
    for (const auto& item : metric) {
      ASSIGN_OR_RETURN(Alarm alarm, ParseMetricAlarm(item));
      metric_alarms.push_back(std::move(alarm));
    }
    ASSIGN_OR_RETURN(std::vector<nlohmann::json> composite, ListField(tree, "CompositeAlarms"));
    for (const auto& item : composite) {
      ASSIGN_OR_RETURN(Alarm alarm, ParseCompositeAlarm(item));
      composite_alarms.push_back(std::move(alarm));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(CallAllPages(*client_, "DescribeAlarms", params, read_page));
  metric_alarms.insert(metric_alarms.end(), std::make_move_iterator(composite_alarms.begin()),
                       std::make_move_iterator(composite_alarms.end()));
  return metric_alarms;
}

}  // namespace kanaria::aws::cloudwatch
