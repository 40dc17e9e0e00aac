//! Synthetic spec sets for benchmarks: `n` operations shaped like the real ones.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Writes a spec directory (from the real Tencent service of the checkout at `root`) with one Tencent-style service holding `n` operations,
/// each with six request fields (one enum, one ranged), six response fields, a
/// list of a named struct, three error codes and an example.
pub fn write_specs(root: &Path, dir: &Path, n: usize) -> io::Result<()> {
    let service = dir.join("synthetic_live");
    fs::create_dir_all(&service)?;
    // Reuse the real Tencent service file: 36 common error codes per operation, like the real ones.
    let real = root.join("specs/tencent_live/service.yaml");
    fs::copy(real, service.join("service.yaml"))?;
    for i in 0..n {
        let name = format!("SyntheticOperation{i:04}");
        let mut y = String::new();
        writeln!(y, "{}", codegen::schema::modeline(codegen::schema::OPERATION_SCHEMA)).unwrap();
        writeln!(y, "name: {name}").unwrap();
        writeln!(y, "summary: 第 {i} 个合成接口，用于基准测试。").unwrap();
        writeln!(y, "description: 第 {i} 个合成接口。结构与真实接口相同：枚举、范围约束、嵌套列表、错误码和示例。")
            .unwrap();
        writeln!(y, "source: {{page: https://example.com/synthetic, title: Synthetic {i}, updated: 2024-01-01}}")
            .unwrap();
        writeln!(y, "http: {{method: POST}}").unwrap();
        writeln!(y, "rate_limit: {{requests: 20, per: second, text: 默认接口请求频率限制：20次/秒。}}").unwrap();
        y.push_str(
            "request:\n\
             \x20 - {name: DomainName, type: string, required: true, description: 域名。, example: example.com}\n\
             \x20 - {name: AppName, type: string, required: true, description: 应用名称。, example: live}\n\
             \x20 - {name: StreamName, type: string, description: 流名称。}\n\
             \x20 - {name: Kind, type: Kind, description: 类型。}\n\
             \x20 - {name: PageNum, type: i64, description: 页码。}\n\
             \x20 - {name: PageSize, type: i64, description: 分页大小。, constraints: {min: 10, max: 100}}\n\
             response:\n\
             \x20 - {name: Items, type: list<Item>, required: true, description: 条目。}\n\
             \x20 - {name: TotalNum, type: i64, required: true, nullable: true, description: 总数。}\n\
             \x20 - {name: TotalPage, type: i64, required: true, nullable: true, description: 总页数。}\n\
             \x20 - {name: Status, type: Kind, required: true, description: 状态。}\n\
             \x20 - {name: Note, type: string, description: 备注。}\n\
             \x20 - {name: RequestId, type: string, required: true, envelope: request_id, description: 请求 ID。}\n",
        );
        writeln!(y, "types:").unwrap();
        writeln!(y, "  - name: Kind{i}\n    description: 类型。\n    enum: integer\n    values:").unwrap();
        for (v, label) in [(-1, "Unset"), (0, "Flux"), (1, "Transcode"), (2, "LinkMic")] {
            writeln!(y, "      - {{value: {v}, rust_name: {label}, description: 取值 {v}。}}").unwrap();
        }
        writeln!(y, "  - name: Item{i}\n    description: 条目。\n    fields:").unwrap();
        for (f, t) in [("Id", "string"), ("Total", "i64"), ("Used", "i64"), ("BuyTime", "string")] {
            writeln!(y, "      - {{name: {f}, type: {t}, description: {f}。}}").unwrap();
        }
        writeln!(y, "errors:").unwrap();
        for code in ["InternalError.DBError", "ResourceNotFound.StopService", "InvalidParameterValue"] {
            writeln!(y, "  - {{code: {code}, description: {code}。}}").unwrap();
        }
        writeln!(y, "examples:\n  - title: 示例\n    params: {{DomainName: example.com, AppName: live}}").unwrap();
        writeln!(y, "    status: 200\n    response: '{{\"Response\": {{\"RequestId\": \"r\", \"Items\": [], \"TotalNum\": 0, \"TotalPage\": 0, \"Status\": 0}}}}'").unwrap();
        // Per-operation type names must be unique in the service.
        let y = y.replace("type: Kind,", &format!("type: Kind{i},")).replace("list<Item>", &format!("list<Item{i}>"));
        fs::write(service.join(format!("{name}.yaml")), y)?;
    }
    Ok(())
}

/// Edits a synthetic spec set the way a large pull request might: in every
/// `every`-th operation a new required parameter, a lower rate limit, a removed
/// error code, a new enum value and a reworded summary. Returns the number of
/// operations edited.
pub fn mutate(dir: &Path, n: usize, every: usize) -> io::Result<usize> {
    let service = dir.join("synthetic_live");
    let mut edited = 0;
    for i in (0..n).step_by(every.max(1)) {
        let path = service.join(format!("SyntheticOperation{i:04}.yaml"));
        let text = fs::read_to_string(&path)?;
        let text = text
            .replacen("response:\n", "  - {name: Reason, type: string, required: true, description: 原因。}\nresponse:\n", 1)
            .replacen("requests: 20,", "requests: 10,", 1)
            .replacen("  - {code: ResourceNotFound.StopService, description: ResourceNotFound.StopService。}\n", "", 1)
            .replacen("      - {value: 2, rust_name: LinkMic, description: 取值 2。}\n", "      - {value: 2, rust_name: LinkMic, description: 取值 2。}\n      - {value: 3, rust_name: Recording, description: 取值 3。}\n", 1)
            .replacen("用于基准测试。", "用于性能基准测试。", 1);
        fs::write(&path, text)?;
        edited += 1;
    }
    Ok(edited)
}
