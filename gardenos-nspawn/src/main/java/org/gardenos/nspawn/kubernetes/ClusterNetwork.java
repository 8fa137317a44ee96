package org.gardenos.nspawn.kubernetes;

/**
 * The test cluster's address plan: pods in {@code 10.214.0.0/16} (node N gets {@code 10.214.N.0/24} on its CNI
 * bridge), Services in {@code 10.215.0.0/16} (the API's own Service is {@code 10.215.0.1}). Neither overlaps the
 * nspawn hosts' {@code 10.213.77.0/24}.
 */
record ClusterNetwork(String clusterCidr, String serviceCidr) {
    static final ClusterNetwork DEFAULT = new ClusterNetwork("10.214.0.0/16", "10.215.0.0/16");

    /** The pod subnet of the node with 1-based index {@code n}. */
    String podSubnet(int n) {
        return clusterCidr.substring(0, clusterCidr.indexOf(".0.0/")) + "." + n + ".0/24";
    }

    /** The first address of the Service range: the {@code kubernetes} Service. */
    String apiServiceAddress() {
        return serviceCidr.substring(0, serviceCidr.indexOf(".0/")) + ".1";
    }
}
