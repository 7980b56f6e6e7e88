"""A Batch job (an ECS task with its job role) and the two Lambda functions of the pipeline."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout27._background import KMS_KEY, RAW, RESULTS, Changes, at
from benchmarks.heldout27._org import HOME, RESEARCH, SEQCORE, Org
from benchmarks.heldout27._trail import UA, Session, s3_object


def job(
    org: Org, t: dt.datetime, role_: object, sample: str, region: str, ch: Changes, d: dt.date
) -> Session:
    """One Batch job (an ECS task): its key from ecs-tasks, reads of the raw run, writes of the
    results, S3 calling KMS on its behalf."""
    from benchmarks.heldout27._trail import Role

    assert isinstance(role_, Role)
    rng, tr = org.rng, org.trail
    s = org.by_service(
        t, role_, org.ids.hexid(32), "ecs-tasks.amazonaws.com", hours=6, region=region
    )
    if region == HOME:
        nat = org.nat[HOME] if not (ch.nat_swap and d >= ch.nat_swap) else org.nat["new"]
    else:
        nat = org.nat["us-west-2"]
    ip = rng.choice(nat)
    released = ch.release is not None and d >= ch.release
    ua = UA["batch_job_v2"] if released else UA["batch_job"]
    tt = t + dt.timedelta(seconds=50)
    if released:  # B3: the new image reads its licence and writes a manifest
        tr.call(
            tt,
            RESEARCH,
            region,
            "secretsmanager.amazonaws.com",
            "GetSecretValue",
            s.identity(),
            ip,
            ua,
            params={"secretId": "sentieon/license"},
        )
        tr.call(
            tt + dt.timedelta(seconds=1),
            RESEARCH,
            region,
            "kms.amazonaws.com",
            "Decrypt",
            {**s.identity(), "invokedBy": "secretsmanager.amazonaws.com"},
            "secretsmanager.amazonaws.com",
            "secretsmanager.amazonaws.com",
            params={"keyId": KMS_KEY, "encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
        )
    for k in range(3):
        key = f"runs/{sample}/L00{k + 1}_R1.fastq.gz"
        tr.call(
            tt + dt.timedelta(seconds=5 + k),
            RESEARCH,
            region,
            "s3.amazonaws.com",
            "GetObject",
            s.identity(),
            ip,
            ua,
            params={"bucketName": RAW, "key": key},
            data=s3_object(RAW, key, SEQCORE),
        )
    tr.call(
        tt + dt.timedelta(seconds=9),
        RESEARCH,
        region,
        "kms.amazonaws.com",
        "Decrypt",
        {**s.identity(), "invokedBy": "s3.amazonaws.com"},
        "s3.amazonaws.com",
        "s3.amazonaws.com",
        params={"keyId": KMS_KEY, "encryptionContext": {"aws:s3:arn": f"arn:aws:s3:::{RAW}"}},
    )
    end = tt + dt.timedelta(minutes=rng.uniform(20, 50))
    for k in range(2):
        key = f"results/{sample}/{sample}.{('bam', 'g.vcf.gz')[k]}"
        tr.call(
            end + dt.timedelta(seconds=k),
            RESEARCH,
            region,
            "s3.amazonaws.com",
            "PutObject",
            s.identity(),
            ip,
            ua,
            params={"bucketName": RESULTS, "key": key},
            data=s3_object(RESULTS, key, RESEARCH),
        )
    if released:
        key = f"results/{sample}/manifest.json"
        tr.call(
            end + dt.timedelta(seconds=3),
            RESEARCH,
            region,
            "s3.amazonaws.com",
            "PutObject",
            s.identity(),
            ip,
            ua,
            params={"bucketName": RESULTS, "key": key},
            data=s3_object(RESULTS, key, RESEARCH),
        )
    tr.call(
        end + dt.timedelta(seconds=4),
        RESEARCH,
        region,
        "kms.amazonaws.com",
        "GenerateDataKey",
        {**s.identity(), "invokedBy": "s3.amazonaws.com"},
        "s3.amazonaws.com",
        "s3.amazonaws.com",
        params={"keyId": KMS_KEY, "keySpec": "AES_256"},
    )
    return s


def lambdas(org: Org, d: dt.date) -> None:
    rng, tr = org.rng, org.trail
    for fn, ua, calls in (
        (
            "tmk-qc-report",
            UA["lambda_qc"],
            (
                ("s3.amazonaws.com", "GetObject"),
                ("s3.amazonaws.com", "PutObject"),
                ("sns.amazonaws.com", "Publish"),
            ),
        ),
        (
            "tmk-sample-registrar",
            UA["lambda_reg"],
            (("dynamodb.amazonaws.com", "PutItem"), ("s3.amazonaws.com", "HeadObject")),
        ),
    ):
        role = org.role(RESEARCH, fn + "-role", "/service-role/")
        for h in range(0, 24, 4):
            s = org.by_service(at(d, h + rng.random()), role, fn, "lambda.amazonaws.com", hours=12)
            ip = org.addr.aws(HOME)
            for _ in range(org.n(6)):
                t = s.issued + dt.timedelta(minutes=rng.uniform(1, 230))
                for k, (source, name) in enumerate(calls):
                    bucket = RESULTS
                    key = f"qc/{org.ids.hexid(8)}.html"
                    data = s3_object(bucket, key, RESEARCH) if source.startswith("s3") else None
                    tr.call(
                        t + dt.timedelta(seconds=k),
                        RESEARCH,
                        HOME,
                        source,
                        name,
                        s.identity(),
                        ip,
                        ua,
                        params={"bucketName": bucket, "key": key}
                        if data
                        else {"tableName": "samples"}
                        if source.startswith("dynamo")
                        else {"topicArn": f"arn:aws:sns:{HOME}:{RESEARCH}:qc-ready"},
                        data=data,
                    )
