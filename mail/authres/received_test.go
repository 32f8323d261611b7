package authres

import "testing"

// TestInternal covers which Received fields record a hand-over inside the
// receiving side. The lines follow the shapes the providers write (host
// names and addresses changed); a wrong "true" lets a sender's forged
// field count, a wrong "false" costs the owner their commands.
func TestInternal(t *testing.T) {
	tests := []struct {
		name, received string
		want           bool
	}{
		// Gmail: the hand-over to the mailbox records no client; mail
		// between Gmail users arrives from Google's own outbound relay.
		{"gmail mailbox hand-over", "by 2002:a05:6358:5e0b:b0:1a2:3b4c:5d6e with SMTP id x5csp577194lqe; Thu, 26 Feb 2026 18:30:56 -0800 (PST)", true},
		{"gmail relay to mx", "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id a72sor3358pge.21.2026.02.20.01.51.03 for <alex@gmail.com> (Google Transport Security); Thu, 20 Feb 2026 01:51:03 -0800 (PST)", true},
		{"gmail from outside", "from mail.sender.example (mail.sender.example. [203.0.113.5]) by mx.google.com with ESMTPS id l10si2494wjx.231 for <alex@gmail.com> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Sun, 10 Apr 2026 13:13:50 -0700 (PDT)", false},
		// Fastmail: private addresses inside, loopback to its own filter,
		// and its outbound servers, under the same organizational domain.
		{"fastmail lmtp", "from compute4.internal (compute4.nyi.internal [10.202.2.44]) by sloti22d1t06 (Cyrus 3.9.0) with LMTPA; Mon, 02 Mar 2026 05:10:11 -0500", true},
		{"fastmail filter", "from mx6.messagingengine.com (localhost [127.0.0.1]) by mailmx.nyi.internal (Postfix) with ESMTP id 0B3A1; Mon, 2 Mar 2026 05:10:11 -0500 (EST)", true},
		{"fastmail outbound to mx", "from out1-smtp.messagingengine.com (out1-smtp.messagingengine.com [66.111.4.25]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) (No client certificate requested) by mx6.messagingengine.com (Postfix) with ESMTPS; Mon, 2 Mar 2026 05:10:10 -0500 (EST)", true},
		{"fastmail from outside", "from mail-wm1-f67.google.com (mail-wm1-f67.google.com [209.85.128.67]) by mx6.messagingengine.com (Postfix) with ESMTPS; Mon, 2 Mar 2026 05:10:10 -0500 (EST)", false},
		// Microsoft 365: hops between its hosts, written with the name the
		// client gave and a bare address, often public IPv6.
		{"m365 between prod hosts", "from DB6PR07CA0179.eurprd07.prod.outlook.com (2603:10a6:6:43::33) by AM7PR07MB6264.eurprd07.prod.outlook.com (2603:10a6:20b:13e::9) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.2937.9; Mon, 2 Mar 2026 07:48:40 +0000", true},
		{"m365 mapi, link-local", "from AM7PR07MB6264.eurprd07.prod.outlook.com ([fe80::1d5c:4d8e:1f00:77a1%7]) by AM7PR07MB6264.eurprd07.prod.outlook.com ([fe80::1d5c:4d8e:1f00:77a1%7]) with mapi id 15.20.2937.9; Mon, 2 Mar 2026 07:48:39 +0000", true},
		{"m365 from outside", "from mail-oi1-f171.google.com (209.85.167.171) by DB5EUR01FT039.mail.protection.outlook.com (10.152.5.1) with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.2937.9 via Frontend Transport; Mon, 2 Mar 2026 07:48:39 +0000", false},
		// iCloud: single-label names and no address inside; loopback from
		// its outbound; the client's own submission is outside.
		{"icloud gateway", "from p00-icloudmta-asmtp-us-central-1k-100-percent-10 by p139-mailgateway-smtp-68dc5445cf-4744b (mailgateway 2634B97) with SMTP id d46c5731 for <alex@icloud.com>; Wed, 23 Sep 2026 18:23:04 GMT", true},
		{"icloud outbound", "from outbound.ci.icloud.com (unknown [127.0.0.2]) by p00-icloudmta-asmtp-us-central-1k-100-percent-10 (Postfix) with ESMTPS id 9A9F3 for <alex@icloud.com>; Wed, 23 Sep 2026 18:23:02 +0000 (UTC)", true},
		{"icloud client submission", "from smtpclient.apple (unknown [17.57.156.36]) by p00-icloudmta-asmtp-us-central-1k-100-percent-4 (Postfix) with ESMTPSA id 61715 for <alex@icloud.com>; Tue, 13 Jan 2026 04:35:51 +0000 (UTC)", false},
		// Self-hosted Postfix, Exim and qmail.
		{"postfix local pickup", "by mail.owner.example (Postfix, from userid 1000) id 1D43A; Fri, 26 Aug 2026 05:06:12 +0000 (UTC)", true},
		{"postfix from the LAN", "from [192.168.1.20] (unknown [192.168.1.20]) by mail.owner.example (Postfix) with ESMTPSA id 4Abc; Mon, 2 Mar 2026 10:00:00 +0000", true},
		{"postfix from a unique-local address", "from laptop.lan (laptop.lan [fd12:3456:789a::5]) by mail.owner.example (Postfix) with ESMTPSA id 4Abc; Mon, 2 Mar 2026 10:00:00 +0000", true},
		{"postfix from a mapped private address", "from relay (relay.owner.example [IPv6:::ffff:10.1.2.3]) by mail.owner.example (Postfix) with ESMTP id 4Abc", true},
		{"postfix from a phone", "from [192.168.1.20] (dsl-203-0-113-7.isp.example [203.0.113.7]) by mail.owner.example (Postfix) with ESMTPSA id 4Abc; Mon, 2 Mar 2026 10:00:00 +0000", false},
		{"exim from outside", "from mail.sender.example ([203.0.113.5] helo=mail.sender.example) by mx.owner.example with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.97) (envelope-from <bob@sender.example>) id 1sbCxq; Tue, 06 Aug 2026 07:42:30 +0200", false},
		{"exim between its own hosts", "from filter4.owner.example ([198.51.100.203]:34334) by srv51.owner.example with esmtps (TLS1.3) (Exim 4.97.1) id 1sbCxq; Tue, 06 Aug 2026 07:42:30 +0200", true},
		{"dovecot lmtp by socket", "from mail.owner.example by mail with LMTP id Kx1vN2YB52W1BgAAqB3Xvw (envelope-from <alex@owner.example>) for <alex@owner.example>; Mon, 02 Mar 2026 11:10:12 +0100", true},
		{"dovecot lmtp, localhost", "from localhost by localhost with LMTP id Kx1vN2YB52W1BgAAqB3Xvw; Mon, 02 Mar 2026 11:10:12 +0100", true},
		{"no address, names of two organizations", "from mail.sender.example by mx.owner.example with SMTP id 12; Mon, 2 Mar 2026 10:00:00 +0000", false},
		{"qmail queue", "(qmail 17325 invoked from network); 4 Jul 2026 08:10:06 -0000", true},
		{"qmail from outside", "from unknown (HELO mail.sender.example) (203.0.113.5) by mx.owner.example with SMTP; 4 Jul 2026 08:10:06 -0000", false},
		// What a client controls: its HELO, and its own PTR record.
		{"helo claims the provider", "from mx.owner.example (attacker.example [203.0.113.9]) by mx.owner.example (Postfix) with ESMTP id 4Abc", false},
		{"helo claims the provider, name unknown", "from mail.owner.example (unknown [203.0.113.9]) by mx.owner.example (Postfix) with ESMTP id 4Abc", false},
		{"helo hides a private address", "from x([10.0.0.1]) (attacker.example [203.0.113.9]) by mx.owner.example (Postfix) with ESMTP id 4Abc", false},
		{"helo hides a by-clause", "from mail.owner.example by mx.owner.example (attacker.example [203.0.113.9]) by mx.owner.example (Postfix)", false},
		{"a hosting suffix is no organization", "from alex.github.io (alex.github.io [203.0.113.5]) by bob.github.io with ESMTP", false},
		{"neighbours under co.uk", "from mail.a.co.uk (mail.a.co.uk [203.0.113.5]) by mx.b.co.uk with ESMTP", false},
		{"unreadable", "from", false},
		{"from without a client", "from by mx.owner.example", false},
		{"empty", "", false},
		{"neither from nor by", "with LMTP id 12; Mon, 2 Mar 2026 10:00:00 +0000", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := internal(tt.received); got != tt.want {
				h, ok := parseReceived(tt.received)
				t.Errorf("internal(%q) = %v, want %v (read as %+v, %v)", tt.received, got, tt.want, h, ok)
			}
		})
	}
}

func TestDescribeHop(t *testing.T) {
	tests := []struct{ received, want string }{
		{"from mail.sender.example (mail.sender.example. [203.0.113.5]) by mx.google.com with ESMTPS id x", "the Received field from mail.sender.example (203.0.113.5)"},
		{"from laptop (unknown [203.0.113.7]) by mail.owner.example (Postfix)", "the Received field from laptop (203.0.113.7)"},
		{"from mail-oi1-f171.google.com (209.85.167.171) by DB5EUR01FT039.mail.protection.outlook.com", "the Received field from mail-oi1-f171.google.com (209.85.167.171)"},
		{"from", "an unreadable Received field"},
	}
	for _, tt := range tests {
		if got := describeHop(tt.received); got != tt.want {
			t.Errorf("describeHop(%q) = %q, want %q", tt.received, got, tt.want)
		}
	}
}
