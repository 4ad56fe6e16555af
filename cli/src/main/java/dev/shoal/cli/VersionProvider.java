package dev.shoal.cli;

import dev.shoal.server.ShoalServer;
import picocli.CommandLine;

/** Prints the Shoal version for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"shoal " + ShoalServer.version()};
    }
}
