package dev.shoal.bench;

import java.util.Arrays;

/** {@code java -jar shoal-bench.jar <harness> [options]}: runs one named harness. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "help" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (name) {
            case "point-select", "select" -> PointSelectBench.main(rest);
            case "many-databases", "many" -> ManyDatabasesBench.main(rest);
            case "runaway" -> RunawayBench.main(rest);
            case "schema-fanout" -> SchemaFanoutBench.main(rest);
            case "fuzz" -> FuzzBench.main(rest);
            case "crash" -> CrashBench.main(rest);
            case "attach" -> AttachBench.main(rest);
            case "fleet-control" -> FleetControlBench.main(rest);
            default -> {
                System.out.println("""
                        usage: shoal-bench <harness> [--option value ...]   (--help after a harness name lists its options)
                          point-select     point SELECT: in-process JDBC baseline vs Shoal over HTTP (and wrk)
                          many-databases   server memory with 10,000 databases, 1,000 active; creation rate
                          runaway          300 runaway statements from one tenant: other tenants' latency, SIGTERM
                          schema-fanout    a migration of a schema database with 10,000 children vs a JDBC floor
                          fuzz             1,000,000 mutated Hrana requests: every answer < 500, no stack trace in the log
                          crash            kill -9 under acknowledged writes, 10 cycles: nothing acknowledged lost, nothing corrupt
                          attach           the promotions join with ATTACH in the pipeline vs on one database
                          fleet-control    online-mode write pause, staged rollout cost, schema check over a family""");
                if (!name.equals("help") && !name.equals("--help")) {
                    System.exit(2);
                }
            }
        }
    }
}
