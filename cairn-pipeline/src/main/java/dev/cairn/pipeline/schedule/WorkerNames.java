package dev.cairn.pipeline.schedule;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Names of pipeline workers, unique among the processes sharing a database. */
public final class WorkerNames {
    private WorkerNames() {
    }

    /** db-scheduler keeps the name of the worker holding a task in 200 characters; the process id must stay in. */
    private static final int MAX_HOST = 180;

    /** This process's name: host and process id, as an operator finds it with {@code ps}. */
    public static String thisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return (host.length() > MAX_HOST ? host.substring(0, MAX_HOST) : host) + "#" + ProcessHandle.current().pid();
    }
}
