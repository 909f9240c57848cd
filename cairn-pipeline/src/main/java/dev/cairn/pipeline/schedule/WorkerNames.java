package dev.cairn.pipeline.schedule;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Names of pipeline workers, unique among the processes sharing a database. */
public final class WorkerNames {
    private WorkerNames() {
    }

    /** This process's name: host and process id, as an operator finds it with {@code ps}. */
    public static String thisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "#" + ProcessHandle.current().pid();
    }
}
