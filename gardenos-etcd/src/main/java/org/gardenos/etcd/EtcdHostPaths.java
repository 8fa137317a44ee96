package org.gardenos.etcd;

/** Where the etcd layer puts things on an etcd host. */
public final class EtcdHostPaths {
    public static final String ETCD = "/usr/local/bin/etcd";
    public static final String ETCDCTL = "/usr/local/bin/etcdctl";
    /** Shipped from etcd 3.5 on; snapshot restore lives there from 3.6 on. */
    public static final String ETCDUTL = "/usr/local/bin/etcdutl";
    public static final String CONFIG = "/etc/etcd/etcd.conf.yml";
    public static final String PKI = "/etc/etcd/pki";
    public static final String CA = PKI + "/ca.crt";
    public static final String MEMBER_CERT = PKI + "/member.crt";
    public static final String MEMBER_KEY = PKI + "/member.key";
    /** The peers' own CA: the only one the peer port trusts (a client certificate is refused there). */
    public static final String PEER_CA = PKI + "/peer-ca.crt";
    /** Shared CA and peer CA together: trusted on the peer port only while a cluster moves to the peer CA. */
    public static final String PEER_TRUST_BOTH = PKI + "/peer-trust-both.crt";
    public static final String PEER_CERT = PKI + "/peer.crt";
    public static final String PEER_KEY = PKI + "/peer.key";
    /** Hash of everything the running member was started with; a difference means a restart is due. */
    public static final String APPLIED = "/etc/etcd/.gardenos-applied";
    public static final String UNIT_NAME = "gardenos-etcd.service";
    public static final String UNIT = "/etc/systemd/system/" + UNIT_NAME;
    public static final String USER = "etcd";

    private EtcdHostPaths() {
    }
}
