#!/usr/bin/env python3
# GardenOS: Patroni callback that keeps the pod's role label equal to the member's role, so the primary and
# replica Services (which select on it) follow failovers. Patroni calls it as
#   role-label.py LABEL LEADER_VALUE REPLICA_VALUE ACTION ROLE SCOPE
# Patroni 3 reports the leader as 'master', Patroni 4 as 'primary'; both become LEADER_VALUE.
# Standard library only (the image has python3 for Patroni). The pod's service account may patch only its own
# StatefulSet's pods.
import json
import os
import ssl
import sys
import time
import urllib.request

SA = '/var/run/secrets/kubernetes.io/serviceaccount/'


def main(argv):
    if len(argv) != 7:
        sys.exit('usage: role-label.py LABEL LEADER_VALUE REPLICA_VALUE ACTION ROLE SCOPE')
    label, leader, replica, action, role = argv[1:6]
    if action == 'on_stop':
        value = None
    elif role in ('master', 'primary', 'standby_leader'):
        value = leader
    elif role == 'replica':
        value = replica
    else:
        value = None
    with open(SA + 'token') as f:
        token = f.read().strip()
    namespace = os.environ.get('POD_NAMESPACE') or open(SA + 'namespace').read().strip()
    url = 'https://{0}:{1}/api/v1/namespaces/{2}/pods/{3}'.format(
        os.environ['KUBERNETES_SERVICE_HOST'], os.environ['KUBERNETES_SERVICE_PORT'], namespace, os.environ['HOSTNAME'])
    body = json.dumps({'metadata': {'labels': {label: value}}}).encode()
    context = ssl.create_default_context(cafile=SA + 'ca.crt')
    for attempt in range(10):
        request = urllib.request.Request(url, data=body, method='PATCH', headers={
            'Content-Type': 'application/merge-patch+json', 'Authorization': 'Bearer ' + token})
        try:
            with urllib.request.urlopen(request, context=context, timeout=5):
                return 0
        except Exception as e:  # retried: the API server may be briefly unreachable during a failover
            print('role-label: cannot set {0}={1}: {2}'.format(label, value, e), file=sys.stderr)
            time.sleep(min(2 ** attempt * 0.5, 5))
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
